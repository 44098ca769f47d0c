// zh-CN by default, English on request; the choice is kept per browser.

const STORE = 'chargemall.lang';

const zh = {
  appConsole: '充电商城 · 物流控制台', appH5: '充电商城 · 我的订单',
  signIn: '登录', signOut: '退出', email: '邮箱', password: '密码', signInTitle: '请先登录', signInFailed: '登录失败',
  language: 'English', loading: '加载中…', retry: '重试', error: '出错了', save: '保存', cancel: '取消', refresh: '刷新',
  dashboard: '概览', orders: '订单', dispatch: '调度', inventory: '库存', alerts: '预警', settings: '设置',
  wrongRole: '此页面需要员工账号。', customerOnly: '此页面供顾客使用。',
  ordersToday: '今日订单', lateOrders: '预计延误', openAlerts: '未处理预警', stockAlerts: '库存预警', onTimeShare: '准时率',
  fillRate: '现货满足率', turnover: '库存周转', inventoryValue: '库存金额', lostSales: '缺货损失',
  number: '订单号', status: '状态', customer: '顾客', created: '下单时间', eta: '预计送达', total: '金额', late: '延误', items: '商品',
  all: '全部', exceptionsFirst: '异常优先', timeline: '物流轨迹', actions: '操作', moveTo: '改为', address: '收货地址',
  window: '送达时段', stopsBefore: '前方还有 {n} 站', lateBadge: '可能延误', noOrders: '还没有订单', orderNotFound: '找不到这个订单',
  live: '实时更新', offline: '连接中断，正在重连…', proof: '签收凭证', recipient: '签收人', deliveredAt: '送达时间',
  warehouse: '仓库', date: '日期', plan: '生成计划', publish: '发布', planning: '规划中…', routes: '路线', vehicle: '车辆', stops: '站点',
  km: '公里', hours: '车辆小时', unassigned: '未排入', published: '已发布', planFailed: '规划失败', departure: '出发', returnAt: '返回',
  stock: '库存', onHand: '在库', reserved: '已占用', available: '可用', reorderPoint: '再订货点',
  suggestions: '补货建议', runPlanning: '运行补货计划', runDone: '计划完成', quantity: '数量', reason: '原因', stockout: '预计缺货',
  daysOfCover: '可售天数', createPO: '生成采购单', purchaseOrders: '采购单', supplier: '供应商', approve: '审批', send: '发送',
  receiveAll: '全部收货', close: '关闭', lines: '明细', received: '已收', forecast: '需求预测', history: '历史', interval80: '80% 区间',
  interval95: '95% 区间', sku: 'SKU', kind: '类型', detail: '说明', advice: '建议', acknowledge: '认领', resolve: '解决',
  webhooks: 'Webhook', name: '名称', url: '地址', topics: '主题', add: '添加', remove: '删除', secretOnce: '密钥只显示这一次：',
  kpis: '库存指标', weekly: '按周', moveStop: '调整站点', traffic: '路况', charging: '充电', chargers: '充电站', publicCharger: '公共充电站', latitude: '纬度', longitude: '经度',
  chargersHint: '电动车在途中可停靠充电的地点；之后生成的计划会按需安排充电站点。',
  stuckOrders: '停滞订单', service: '客服', queue: '队列', handedOver: '转人工', assignee: '处理人', updated: '更新时间', internalNote: '内部备注', changeAddress: '修改地址', users: '员工与角色', role: '角色', 'role.admin': '管理员', 'role.warehouse': '仓库', 'role.dispatcher': '调度', 'role.driver': '司机', 'role.agent': '客服', 'role.customer': '顾客', roleChanged: '角色已修改，对方下次刷新登录后生效。', addStaff: '添加员工', staffAdded: '员工账号已创建。', 'field.email': '邮箱', 'field.name': '姓名', 'field.phone': '电话', 'field.password': '初始密码', bookInstallation: '预约安装', noSlots: '近两周暂无可预约时段，请联系客服。', photo: '图片', returns: '退换货', approve: '批准', reject: '驳回', restock: '收货入库', scrap: '收货报废', kind: '类型', detailText: '说明', 'rma.requested': '待审核', 'rma.approved': '待取件', 'rma.pickedUp': '取件在途', pickupMethod: '取件方式', carrierCode: '快递公司代码', waybillNumber: '运单号', sendWaybill: '提交运单', pickupOwnFleetHint: '我们会在下一趟配送时上门取件；您也可以自行寄回并填写运单。', pickupCarrierHint: '请将商品寄回并填写运单号。', 'pickup.ownFleet': '自有车队上门', 'pickup.carrier': '快递寄回', 'rma.rejected': '已驳回', 'rma.received': '已收货', 'rma.completed': '已完成', 'rmaKind.return': '退货', 'rmaKind.exchange': '换货', 'rmaReason.noReason': '七天无理由', 'rmaReason.defective': '质量问题', 'rmaReason.damaged': '运输损坏', 'rmaReason.wrongItem': '发错货', askReturn: '申请退换货', unusedDeclare: '商品未使用、未安装', submit: '提交', addressChanged: '收货地址已修改，配送已按新地址安排。', addressHint: '发货前可直接改址；已装车或配送中时，附近且不耽误配送才能直接改，否则由客服为您安排。', noOtherAddress: '没有其他收货地址，请先添加。', openChat: '查看客服对话', confirm: '确认', cancelOrder: '取消订单', cancelConfirm: '确认取消', cancelReason: '取消原因（可选）', cancelHint: '发货前可直接取消：库存即刻释放，已付款项原路退回。', refund: '退款', 'refund.pending': '退款处理中', 'refund.succeeded': '已原路退回', 'refund.failed': '退款受阻，客服会联系您', sla: '时限', 'sla.firstResponse': '首次响应', 'sla.resolution': '解决', 'clock.met': '已达成', 'clock.running': '进行中', 'clock.atRisk': '即将超时', 'clock.breached': '已超时', minutesLeft: '剩 {n} 分钟', cannedReply: '快捷回复', chatPlaceholder: '输入消息…',
  rate: '请评价本次服务：', whereIsMyOrder: '我的订单到哪了？', contactService: '联系客服',
  'state.open': '待处理', 'state.pending': '待回复', 'state.solved': '已解决', 'state.closed': '已关闭',
  'category.whereIsMyOrder': '查询物流', 'category.addressChange': '修改地址', 'category.returnOrExchange': '退换货', 'category.installation': '安装预约',
  'category.damaged': '商品损坏', 'category.invoice': '发票', 'category.other': '其他',
  'author.customer': '顾客', 'author.agent': '客服', 'author.bot': '智能助手', 'author.system': '系统通知',
  'status.pendingPayment': '待付款', 'status.paid': '已付款', 'status.allocated': '已分仓', 'status.picking': '拣货中', 'status.packed': '已打包',
  'status.shipped': '已发货', 'status.outForDelivery': '派送中', 'status.delivered': '已签收', 'status.cancelled': '已取消',
  'status.deliveryFailed': '派送失败', 'status.returned': '已退回',
  'plan.planning': '规划中', 'plan.ready': '待发布', 'plan.published': '已发布', 'plan.failed': '失败', 'plan.superseded': '已替换',
  'unassigned.tooLarge': '超出车辆载重或容积', 'unassigned.noInstaller': '无安装人员车辆', 'unassigned.windowUnreachable': '时间窗内无法到达',
  'unassigned.fleetFull': '车辆已满', 'unassigned.outOfRange': '超出电动车续航',
  'po.draft': '草稿', 'po.approved': '已审批', 'po.sent': '已发送', 'po.partiallyReceived': '部分到货', 'po.received': '已到货',
  'po.closed': '已关闭', 'po.cancelled': '已取消',
  transfers: '调拨', transferSuggestions: '调拨建议', requestTransfers: '生成调拨单', newTransfer: '新建调拨', fromWarehouse: '调出仓',
  toWarehouse: '调入仓', ship: '发出', receive: '收货', transfer: '调拨单', pickupStop: '取件',
  'transfer.requested': '待发出', 'transfer.inTransit': '在途', 'transfer.received': '已收货', 'transfer.cancelled': '已取消',
};

const en = {
  appConsole: 'ChargeMall · Logistics console', appH5: 'ChargeMall · My orders',
  signIn: 'Sign in', signOut: 'Sign out', email: 'E-mail', password: 'Password', signInTitle: 'Please sign in', signInFailed: 'Sign-in failed',
  language: '中文', loading: 'Loading…', retry: 'Retry', error: 'Something went wrong', save: 'Save', cancel: 'Cancel', refresh: 'Refresh',
  dashboard: 'Dashboard', orders: 'Orders', dispatch: 'Dispatch', inventory: 'Inventory', alerts: 'Alerts', settings: 'Settings',
  wrongRole: 'This page is for staff accounts.', customerOnly: 'This page is for customers.',
  ordersToday: 'Orders today', lateOrders: 'Predicted late', openAlerts: 'Open alerts', stockAlerts: 'Stock alerts', onTimeShare: 'On time',
  fillRate: 'Fill rate', turnover: 'Turnover', inventoryValue: 'Inventory value', lostSales: 'Lost sales',
  number: 'Order', status: 'Status', customer: 'Customer', created: 'Placed', eta: 'ETA', total: 'Total', late: 'Late', items: 'Items',
  all: 'All', exceptionsFirst: 'Exceptions first', timeline: 'Timeline', actions: 'Actions', moveTo: 'Move to', address: 'Address',
  window: 'Window', stopsBefore: '{n} stops before yours', lateBadge: 'May be late', noOrders: 'No orders yet', orderNotFound: 'Order not found',
  live: 'Live', offline: 'Connection lost, reconnecting…', proof: 'Proof of delivery', recipient: 'Received by', deliveredAt: 'Delivered at',
  warehouse: 'Warehouse', date: 'Date', plan: 'Plan', publish: 'Publish', planning: 'Planning…', routes: 'Routes', vehicle: 'Vehicle', stops: 'Stops',
  km: 'km', hours: 'vehicle hours', unassigned: 'Unassigned', published: 'Published', planFailed: 'Planning failed', departure: 'Departs', returnAt: 'Returns',
  stock: 'Stock', onHand: 'On hand', reserved: 'Reserved', available: 'Available', reorderPoint: 'Reorder point',
  suggestions: 'Suggestions', runPlanning: 'Run planning', runDone: 'Planning done', quantity: 'Quantity', reason: 'Reason', stockout: 'Stock-out',
  daysOfCover: 'Days of cover', createPO: 'Create purchase order', purchaseOrders: 'Purchase orders', supplier: 'Supplier', approve: 'Approve', send: 'Send',
  receiveAll: 'Receive all', close: 'Close', lines: 'Lines', received: 'Received', forecast: 'Forecast', history: 'History', interval80: '80 % interval',
  interval95: '95 % interval', sku: 'SKU', kind: 'Kind', detail: 'Detail', advice: 'Advice', acknowledge: 'Acknowledge', resolve: 'Resolve',
  webhooks: 'Webhooks', name: 'Name', url: 'URL', topics: 'Topics', add: 'Add', remove: 'Remove', secretOnce: 'The secret is shown only this once:',
  kpis: 'Inventory KPIs', weekly: 'weekly', moveStop: 'Move stop', traffic: 'Traffic', charging: 'Charging', chargers: 'Chargers', publicCharger: 'public', latitude: 'Latitude', longitude: 'Longitude',
  chargersHint: 'Where electric vans may charge on the way; plans made from now on stop at them when a route needs it.',
  stuckOrders: 'Stuck', service: 'Service', queue: 'Queue', handedOver: 'Asked for a person', assignee: 'Assignee', updated: 'Updated', internalNote: 'internal note', changeAddress: 'Change address', users: 'Staff and roles', role: 'Role', 'role.admin': 'Admin', 'role.warehouse': 'Warehouse', 'role.dispatcher': 'Dispatcher', 'role.driver': 'Driver', 'role.agent': 'Agent', 'role.customer': 'Customer', roleChanged: 'Role changed; it takes effect when their session next refreshes.', addStaff: 'Add staff', staffAdded: 'Staff account created.', 'field.email': 'E-mail', 'field.name': 'Name', 'field.phone': 'Phone', 'field.password': 'First password', bookInstallation: 'Book installation', noSlots: 'No free slot in the next two weeks; please ask our service team.', photo: 'Photo', returns: 'Returns', approve: 'Approve', reject: 'Reject', restock: 'Receive to stock', scrap: 'Receive as scrap', kind: 'Kind', detailText: 'Detail', 'rma.requested': 'to decide', 'rma.approved': 'to collect', 'rma.pickedUp': 'on its way back', pickupMethod: 'Pickup', carrierCode: 'Carrier code', waybillNumber: 'Waybill number', sendWaybill: 'Send waybill', pickupOwnFleetHint: 'Our van collects it on its next round; or send it yourself and enter the waybill.', pickupCarrierHint: 'Please send it back and enter the waybill number.', 'pickup.ownFleet': 'our van', 'pickup.carrier': 'by carrier', 'rma.rejected': 'rejected', 'rma.received': 'received', 'rma.completed': 'completed', 'rmaKind.return': 'return', 'rmaKind.exchange': 'exchange', 'rmaReason.noReason': 'no reason (7 days)', 'rmaReason.defective': 'defective', 'rmaReason.damaged': 'damaged in transit', 'rmaReason.wrongItem': 'wrong item', askReturn: 'Return or exchange', unusedDeclare: 'Unused and not installed', submit: 'Submit', addressChanged: 'Address changed; the delivery follows it.', addressHint: 'Before it ships the address changes at once; on the van, only nearby and without making deliveries late, otherwise an agent arranges it.', noOtherAddress: 'No other saved address; add one first.', openChat: 'Open the conversation', confirm: 'Confirm', cancelOrder: 'Cancel order', cancelConfirm: 'Confirm cancellation', cancelReason: 'Reason (optional)', cancelHint: 'Before it ships you can cancel at once: the stock is released and any payment refunded to where it came from.', refund: 'Refund', 'refund.pending': 'refund in progress', 'refund.succeeded': 'refunded', 'refund.failed': 'refund held up, our service team will contact you', sla: 'SLA', 'sla.firstResponse': 'First response', 'sla.resolution': 'Resolution', 'clock.met': 'met', 'clock.running': 'running', 'clock.atRisk': 'at risk', 'clock.breached': 'breached', minutesLeft: '{n} min left', cannedReply: 'Canned reply',
  chatPlaceholder: 'Type a message…', rate: 'How did we do?', whereIsMyOrder: 'Where is my order?', contactService: 'Contact service',
  'state.open': 'Open', 'state.pending': 'Pending', 'state.solved': 'Solved', 'state.closed': 'Closed',
  'category.whereIsMyOrder': 'Where is my order', 'category.addressChange': 'Address change', 'category.returnOrExchange': 'Return or exchange',
  'category.installation': 'Installation', 'category.damaged': 'Damaged', 'category.invoice': 'Invoice', 'category.other': 'Other',
  'author.customer': 'Customer', 'author.agent': 'Agent', 'author.bot': 'Assistant', 'author.system': 'Notice',
  'status.pendingPayment': 'Awaiting payment', 'status.paid': 'Paid', 'status.allocated': 'Allocated', 'status.picking': 'Picking', 'status.packed': 'Packed',
  'status.shipped': 'Shipped', 'status.outForDelivery': 'Out for delivery', 'status.delivered': 'Delivered', 'status.cancelled': 'Cancelled',
  'status.deliveryFailed': 'Delivery failed', 'status.returned': 'Returned',
  'plan.planning': 'Planning', 'plan.ready': 'Ready', 'plan.published': 'Published', 'plan.failed': 'Failed', 'plan.superseded': 'Superseded',
  'unassigned.tooLarge': 'Too large for any van', 'unassigned.noInstaller': 'No installer crew', 'unassigned.windowUnreachable': 'Window out of reach',
  'unassigned.fleetFull': 'Fleet full', 'unassigned.outOfRange': 'Beyond every van\'s range',
  'po.draft': 'Draft', 'po.approved': 'Approved', 'po.sent': 'Sent', 'po.partiallyReceived': 'Partly received', 'po.received': 'Received',
  'po.closed': 'Closed', 'po.cancelled': 'Cancelled',
  transfers: 'Transfers', transferSuggestions: 'Transfer suggestions', requestTransfers: 'Request transfers', newTransfer: 'New transfer',
  fromWarehouse: 'From', toWarehouse: 'To', ship: 'Ship', receive: 'Receive', transfer: 'Transfer', pickupStop: 'Pickup',
  'transfer.requested': 'Requested', 'transfer.inTransit': 'In transit', 'transfer.received': 'Received', 'transfer.cancelled': 'Cancelled',
};

export function currentLanguage() {
  return localStorage.getItem(STORE) === 'en' ? 'en' : 'zh-CN';
}

/** The text for `key`, with {name} placeholders filled; the key itself when there is no text. */
export function t(key, params = {}) {
  const text = (currentLanguage() === 'en' ? en : zh)[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

export function toggleLanguage() {
  localStorage.setItem(STORE, currentLanguage() === 'en' ? 'zh-CN' : 'en');
  document.documentElement.lang = currentLanguage();
}

document.documentElement.lang = currentLanguage();
