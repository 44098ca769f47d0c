"""The console and H5 pages in a real browser (Debian's chromium through chromedriver, driven by selenium).

Runs against a server the caller started on demo data (scripts/browser-tests.sh does). Each scenario
signs in through the page's own form, works the page as a person would, and checks what the page shows;
the API is used only to set the scene (place an order, move it as staff elsewhere) and to check the
outcome. Every page is screenshotted at phone and laptop sizes; any JavaScript console error fails.
A closing table gives each page's transfer size and time to first render.

Usage: web_test.py BASE_URL OUTPUT_DIR
"""
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, OUT = sys.argv[1].rstrip("/"), sys.argv[2]
CHINA = timezone(timedelta(hours=8))
SIZES = {"phone": (390, 844), "laptop": (1366, 900)}
failures = []
weights = []


def call(method, path, token=None, body=None, headers=None):
    request = urllib.request.Request(BASE + "/api/v1" + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return error.code, (json.loads(text) if text else None)


def login(email, password):
    status, body = call("POST", "/auth/login", body={"email": email, "password": password})
    assert status == 200, (status, body)
    return body["accessToken"]


def check(condition, what):
    print(("  ok    " if condition else "  FAIL  ") + what, flush=True)
    if not condition:
        failures.append(what)


def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=zh-CN"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_window_size(*SIZES["laptop"])
    return driver


def wait(driver, seconds=15):
    return WebDriverWait(driver, seconds, poll_frequency=0.05)


def console_errors(driver, page):
    for entry in driver.get_log("browser"):
        if entry["level"] == "SEVERE":
            check(False, f"no JavaScript console error on {page}: {entry['message']}")


def sign_in(driver, path, email, password):
    """Opens `path`, meets the sign-in form there, signs in and stays on `path`."""
    driver.get(BASE + path)
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "input[type=email]")))
    driver.find_element(By.CSS_SELECTOR, "input[type=email]").send_keys(email)
    driver.find_element(By.CSS_SELECTOR, "input[type=password]").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, "input[type=password]")))
    check(driver.current_url == BASE + path, f"after signing in the browser is back on {path}")


def shoot(driver, name, ready_css):
    """Screenshots the current page at phone and laptop sizes, after `ready_css` shows."""
    for size, (width, height) in SIZES.items():
        driver.set_window_size(width, height)
        wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, ready_css)))
        time.sleep(0.2)
        driver.save_screenshot(f"{OUT}/{name}-{size}.png")
    driver.set_window_size(*SIZES["laptop"])


def weigh(driver, name, path, ready_css):
    """Loads `path` afresh (cache off) and records its transfer size and first render."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.get(BASE + path)
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, ready_css)))
    figures = driver.execute_script("""
        const nav = performance.getEntriesByType('navigation')[0];
        const resources = performance.getEntriesByType('resource');
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        return { bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0), requests: 1 + resources.length,
                 firstRender: paint ? paint.startTime : null, ready: performance.now() };""")
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    weights.append((name, figures))


def attribute(driver, element_id, name):
    """An attribute of the element with that id now, or None: pages redraw, so a found element may be gone."""
    try:
        return driver.find_element(By.ID, element_id).get_attribute(name)
    except (NoSuchElementException, StaleElementReferenceException):
        return None


def china_today():
    return datetime.now(CHINA).strftime("%Y-%m-%d")


def china_tomorrow():
    return (datetime.now(CHINA) + timedelta(days=1)).strftime("%Y-%m-%d")


def place_order(customer_token, address_id, sku="CB-GBT-5M", quantity=1):
    status, order = call("POST", "/orders", customer_token, {"lines": [{"sku": sku, "quantity": quantity}], "addressId": address_id},
                         {"Idempotency-Key": f"web-{time.time_ns()}"})
    assert status == 201, (status, order)
    return order


def move(order_id, admin_token, *statuses):
    for to in statuses:
        status, body = call("POST", f"/admin/orders/{order_id}/transitions", admin_token, {"to": to})
        assert status == 200, (to, status, body)


def scenario_customer_watches(driver, admin):
    print("customer: watches an order's page while staff move the order", flush=True)
    customer = login("customer001@demo.chargemall.cn", "demo-customer")
    order = place_order(customer, "adr_demo_c001")
    path = f"/m/orders/{order['id']}"
    sign_in(driver, path, "customer001@demo.chargemall.cn", "demo-customer")
    status_of = lambda: attribute(driver, "order-status", "data-status")
    wait(driver).until(lambda d: status_of() == "pendingPayment")
    wait(driver).until(lambda d: attribute(driver, "live", "data-state") == "live")
    for to in ("paid", "allocated", "picking"):
        started = time.monotonic()
        move(order["id"], admin, to)
        try:
            WebDriverWait(driver, 2, poll_frequency=0.05).until(lambda d: status_of() == to)
            seen = time.monotonic() - started
        except Exception:
            seen = None
        check(seen is not None, f"the page shows '{to}' within 2 s without reload ({'%.2f s' % seen if seen is not None else 'not seen'})")
    check(driver.execute_script("return performance.getEntriesByType('navigation').length") == 1, "no reload happened")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#timeline li")) >= 4, "the timeline grew with each step")
    wait(driver).until(EC.text_to_be_present_in_element((By.ID, "explanation"), "拣货"))
    check(True, "the page says where the order is, in words (GET …/explanation)")
    shoot(driver, "m-order", "#timeline li")
    console_errors(driver, path)

    driver.get(BASE + "/m/")
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".order-card")))
    shoot(driver, "m-orders", ".order-card")
    console_errors(driver, "/m/")

    # Text from the API is text: an address that looks like markup shows as those characters.
    status, address = call("POST", "/me/addresses", customer, {"recipient": "<b>Zhang</b>", "phone": "13800000000", "region": "深圳市南山区",
                                                               "detail": "<img src=x onerror=alert(1)>科技园 1 号", "latitude": 22.54, "longitude": 113.95})
    assert status == 201, (status, address)
    tricky = place_order(customer, address["id"])
    driver.get(BASE + f"/m/orders/{tricky['id']}")
    wait(driver).until(EC.presence_of_element_located((By.ID, "timeline")))
    page_text = driver.find_element(By.TAG_NAME, "main").text
    check("<img src=x onerror=alert(1)>" in page_text and not driver.find_elements(By.CSS_SELECTOR, "main img[src=x]"),
          "an address that looks like HTML is shown as text, never as markup")

    # Before it ships, the customer cancels alone: one click, an optional reason, a confirmation.
    driver.find_element(By.ID, "cancel-order").click()
    wait(driver).until(EC.element_to_be_clickable((By.ID, "cancel-reason"))).send_keys("地址填错了")
    driver.find_element(By.ID, "cancel-confirm").click()
    wait(driver).until(lambda d: attribute(d, "order-status", "data-status") == "cancelled")
    status, body = call("GET", f"/orders/{tricky['id']}", customer)
    check(status == 200 and body["status"] == "cancelled" and "地址填错了" in (body["timeline"][-1].get("note") or ""),
          "the customer cancels an unshipped order from its page, with the reason recorded")
    check(not driver.find_elements(By.ID, "cancel-order"), "a cancelled order offers no cancel button")

    # The first order is still being picked: its address changes at once, from the page, and the timeline says so.
    driver.get(BASE + path)
    wait(driver).until(EC.element_to_be_clickable((By.ID, "change-address"))).click()
    Select(wait(driver).until(EC.presence_of_element_located((By.ID, "new-address")))).select_by_value(address["id"])
    driver.find_element(By.ID, "address-confirm").click()
    wait(driver).until(EC.text_to_be_present_in_element((By.ID, "timeline"), "收货地址已改为"))
    status, body = call("GET", f"/orders/{order['id']}", customer)
    check(status == 200 and body["address"]["region"] == "深圳市南山区",
          "the customer changes an order's address from its page before packing; the timeline says so")
    console_errors(driver, path + " (cancel, address change)")

    # Sign-out revokes the refresh token on the server.
    refresh = driver.execute_script("return JSON.parse(sessionStorage.getItem('chargemall.session')).refreshToken")
    driver.find_element(By.ID, "signout").click()
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "input[type=password]")))
    status, _ = call("POST", "/auth/refresh", body={"refreshToken": refresh})
    check(status == 401, f"after sign-out the refresh token no longer works ({status})")
    check(driver.execute_script("return sessionStorage.getItem('chargemall.session')") is None, "sign-out leaves no token in the tab")
    shoot(driver, "m-signin", "input[type=password]")
    console_errors(driver, "/m/ sign-out")
    return order


def scenario_dispatcher(driver, admin):
    print("dispatcher: plans and publishes a day", flush=True)
    customer = login("customer002@demo.chargemall.cn", "demo-customer")
    orders = [place_order(customer, "adr_demo_c002") for _ in range(4)]
    for order in orders:
        move(order["id"], admin, "paid", "allocated", "picking", "packed")
    _, first = call("GET", f"/orders/{orders[0]['id']}", admin)
    warehouse = first["lines"][0]["warehouseId"]
    # A road works near the orders: the map shows it.
    address = first["address"]
    now = datetime.now(timezone.utc)
    status, incident = call("POST", "/admin/traffic", admin, {
        "center": {"latitude": address["latitude"], "longitude": address["longitude"]}, "radiusKm": 1.5, "factor": 2,
        "from": now.isoformat(), "to": (now + timedelta(hours=48)).isoformat(), "reason": "road works"})
    assert status == 201, (status, incident)
    sign_in(driver, "/console/dispatch", "dispatcher@demo.chargemall.cn", "demo-dispatcher")
    Select(driver.find_element(By.ID, "warehouse")).select_by_value(warehouse)
    date = driver.find_element(By.ID, "plan-date")
    # Tomorrow: today's shifts (08:00-20:00 China time) may be over or nearly so when the tests run late.
    driver.execute_script("arguments[0].value = arguments[1]", date, china_tomorrow())
    driver.find_element(By.ID, "plan-button").click()
    wait(driver, 60).until(lambda d: attribute(d, "plan-status", "data-status") not in (None, "planning"))
    check("/console/dispatch/plans/" in driver.current_url, "the plan has its own address")
    check(attribute(driver, "plan-status", "data-status") == "ready", "the plan is ready")
    stops = len(driver.find_elements(By.CSS_SELECTOR, "svg.map circle"))
    check(stops >= 4, f"the map shows the packed orders as stops ({stops})")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg.gantt rect")) >= 1, "the Gantt shows the routes")
    check(len(driver.find_elements(By.CSS_SELECTOR, f"svg.map g[data-incident='{incident['id']}']")) == 1, "the map shows the traffic slowdown")
    plan_id = driver.current_url.rsplit("/", 1)[1]
    _, shown = call("GET", f"/admin/dispatch/plans/{plan_id}", admin)
    kwh = driver.find_elements(By.ID, "plan-kwh")
    check(len(kwh) == 1 and shown["figures"].get("kWh", 0) > 0 and all("kWh" in route for route in shown["routes"]),
          "the demo fleet is electric: the plan states the day's kWh and each route's")
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chargers tbody tr")) > 0)
    chargers = len(driver.find_elements(By.CSS_SELECTOR, "#chargers tbody tr"))
    check(chargers == 8 and all("chargingStops" in route for route in shown["routes"]),
          f"the chargers the vans may stop at are listed ({chargers}), and each route says where it charges")
    # A dispatcher registers a public charger from the page, then removes it.
    driver.find_element(By.ID, "charger-name").send_keys("Shekou public")
    driver.find_element(By.ID, "charger-latitude").send_keys("22.49")
    driver.find_element(By.ID, "charger-longitude").send_keys("113.92")
    driver.find_element(By.ID, "charger-add").click()
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chargers tbody tr")) == 9)
    _, listed = call("GET", "/admin/fleet/stations", admin)
    added = next((c for c in listed["items"] if c["name"] == "Shekou public"), None)
    check(added is not None and added["powerKW"] == 60 and "warehouseId" not in added, "a charger added on the page is stored as a public 60 kW one")
    if added:
        driver.find_element(By.CSS_SELECTOR, f"button[data-charger='{added['id']}']").click()
        wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chargers tbody tr")) == 8)
        check(True, "and removed from the page")
    # Moving a stop: the order is pinned to the van chosen, the plan re-optimised around it.
    moved = Select(driver.find_element(By.ID, "move-order")).first_selected_option.get_attribute("value")
    # Another van of the plan if it has one (vans whose shift is over late in the day are not planned), else a
    # pin where the stop is.
    _, plan = call("GET", f"/admin/dispatch/plans/{plan_id}", admin)
    current = next(route["vehicleId"] for route in plan["routes"] if any(stop["orderId"] == moved for stop in route["stops"]))
    target = next((route["vehicleId"] for route in plan["routes"] if route["vehicleId"] != current), current)
    Select(driver.find_element(By.ID, "move-vehicle")).select_by_value(target)
    driver.find_element(By.ID, "move-button").click()
    def pinned(_):
        _, plan = call("GET", f"/admin/dispatch/plans/{plan_id}", admin)
        return any(stop["orderId"] == moved and stop["pinned"] and route["vehicleId"] == target for route in plan["routes"] for stop in route["stops"])
    wait(driver).until(pinned)
    check(True, "a stop moved from the page is pinned to the van chosen")
    wait(driver).until(EC.presence_of_element_located((By.ID, "publish")))
    shoot(driver, "console-dispatch", "svg.map")
    driver.find_element(By.ID, "publish").click()
    wait(driver).until(lambda d: attribute(d, "plan-status", "data-status") == "published")
    check(True, "the plan is published")
    plan_url = driver.current_url
    driver.refresh()
    wait(driver).until(lambda d: attribute(d, "plan-status", "data-status") == "published")
    check(driver.current_url == plan_url, "a reload shows the same plan")
    # A driver of the plan reports where the van is: the map shows it.
    _, plan = call("GET", f"/admin/dispatch/plans/{plan_id}", admin)
    _, vehicles = call("GET", f"/admin/vehicles?warehouseId={warehouse}", admin)
    route = plan["routes"][0]
    driver_id = next(v.get("driverId") for v in vehicles["items"] if v["id"] == route["vehicleId"])
    van_driver = login(driver_id.replace("usr_demo_", "") + "@demo.chargemall.cn", "demo-driver")
    status, _ = call("POST", "/driver/positions", van_driver, {"points": [{"latitude": address["latitude"] + 0.01, "longitude": address["longitude"],
                                                                           "at": datetime.now(timezone.utc).isoformat()}]})
    check(status == 202, f"the van's driver reports a position ({status})")
    driver.refresh()
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, f"svg.map g[data-van='{route['vehicleId']}']")))
    check(True, "the map shows the van where its driver last reported")
    console_errors(driver, "/console/dispatch")
    driver.execute_script("sessionStorage.clear()")


def scenario_inventory(driver):
    print("inventory planner: turns a suggestion into a purchase order and receives it, moves stock between warehouses", flush=True)
    sign_in(driver, "/console/inventory", "warehouse@demo.chargemall.cn", "demo-warehouse")
    wait(driver, 30).until(EC.presence_of_element_located((By.ID, "run-planning")))
    if not driver.find_elements(By.CSS_SELECTOR, "input[data-suggestion]"):
        driver.find_element(By.ID, "run-planning").click()
    wait(driver, 120).until(EC.presence_of_element_located((By.CSS_SELECTOR, "input[data-suggestion]")))
    shoot(driver, "console-inventory", "input[data-suggestion]")
    box = driver.find_element(By.CSS_SELECTOR, "input[data-suggestion]")
    sku = box.find_element(By.XPATH, "ancestor::tr").get_attribute("data-sku")
    box.click()
    driver.find_element(By.ID, "create-po").click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "po-status")))
    check("/console/purchase-orders/" in driver.current_url, "the purchase order has its own address")
    po_status = lambda: attribute(driver, "po-status", "data-status")
    check(po_status() == "draft", "it starts as a draft")
    for step, after in (("approve", "approved"), ("send", "sent"), ("receive", "received")):
        driver.find_element(By.CSS_SELECTOR, f"button[data-step={step}]").click()
        wait(driver).until(lambda d: po_status() == after)
        check(True, f"{step} → {after}")
    shoot(driver, "console-purchase-order", "#po-status")
    driver.get(BASE + f"/console/inventory/forecasts/{driver.find_element(By.CSS_SELECTOR, 'td:nth-child(2)').text}/{sku}")
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "svg.chart polygon")))
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg.chart polygon")) == 2, "the forecast chart draws its 80 % and 95 % bands")
    shoot(driver, "console-forecast", "svg.chart polyline")

    # A transfer asked for by hand on the inventory page, shipped and received on its own page: the ledger follows.
    planner = login("warehouse@demo.chargemall.cn", "demo-warehouse")
    _, warehouses = call("GET", "/admin/warehouses", planner)
    source, target = warehouses["items"][0]["id"], warehouses["items"][1]["id"]
    def on_hand(warehouse):
        _, levels = call("GET", f"/admin/stock?sku=CB-GBT-5M&warehouseId={warehouse}", planner)
        return sum(level["onHand"] for level in levels["items"])
    before = on_hand(source), on_hand(target)
    driver.get(BASE + "/console/inventory")
    wait(driver, 30).until(EC.presence_of_element_located((By.ID, "transfer-form")))
    Select(driver.find_element(By.ID, "transfer-from")).select_by_value(source)
    Select(driver.find_element(By.ID, "transfer-to")).select_by_value(target)
    driver.find_element(By.ID, "transfer-sku").send_keys("CB-GBT-5M")
    quantity = driver.find_element(By.ID, "transfer-quantity")
    quantity.clear()
    quantity.send_keys("3")
    driver.find_element(By.ID, "transfer-reason").send_keys("browser test")
    driver.find_element(By.CSS_SELECTOR, "#transfer-form button[type=submit]").click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "transfer-status")))
    check("/console/transfers/" in driver.current_url, "the transfer has its own address")
    transfer_status = lambda: attribute(driver, "transfer-status", "data-status")
    check(transfer_status() == "requested", "it starts as requested")
    driver.find_element(By.CSS_SELECTOR, "button[data-step=ship]").click()
    wait(driver).until(lambda d: transfer_status() == "inTransit")
    check(on_hand(source) == before[0] - 3, "shipping takes the stock off the sender's shelf")
    driver.find_element(By.CSS_SELECTOR, "button[data-step=receive]").click()
    wait(driver).until(lambda d: transfer_status() == "received")
    check(on_hand(target) == before[1] + 3, "receiving puts it on the receiver's shelf")
    transfer_url = driver.current_url
    shoot(driver, "console-transfer", "#transfer-status")
    driver.refresh()
    wait(driver).until(lambda d: transfer_status() == "received")
    check(driver.current_url == transfer_url, "a reload shows the same transfer")
    driver.get(BASE + "/console/inventory")
    transfer_id = transfer_url.rsplit("/", 1)[1]
    wait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, f"tr[data-transfer='{transfer_id}'] [data-status=received]")))
    check(True, "the inventory page lists the transfer as received")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg.chart")) >= 3, "the inventory page charts its value, fill rate and turnover by week")
    console_errors(driver, "/console/inventory")
    driver.execute_script("sessionStorage.clear()")


def scenario_service(driver):
    print("service: a customer asks where the order is, the assistant answers, an agent replies", flush=True)
    customer = login("customer003@demo.chargemall.cn", "demo-customer")
    order = place_order(customer, "adr_demo_c003")
    sign_in(driver, f"/m/orders/{order['id']}", "customer003@demo.chargemall.cn", "demo-customer")
    wait(driver).until(EC.element_to_be_clickable((By.ID, "ask-service"))).click()
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#chat li[data-author=bot]")))
    check("/m/conversations/" in driver.current_url, "the chat has its own address")
    check("订单" in driver.find_element(By.CSS_SELECTOR, "#chat li[data-author=bot]").text, "the assistant answers where the order is at once")
    conversation = driver.current_url.rsplit("/", 1)[1]
    driver.find_element(By.ID, "chat-text").send_keys("转人工")
    driver.find_element(By.ID, "chat-send").click()
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chat li")) >= 4)
    wait(driver).until(lambda d: attribute(d, "chat-live", "data-state") == "live")
    shoot(driver, "m-chat", "#chat li")
    # A page that reloads loses this mark: what follows must arrive without one.
    driver.execute_script("window.__sameDocument = true")
    customer_window = driver.current_window_handle

    # The agent works in a second window (its own sessionStorage) while the customer's page stays open.
    driver.switch_to.new_window("window")
    agent_window = driver.current_window_handle
    sign_in(driver, "/console/service", "agent@demo.chargemall.cn", "demo-agent")
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, f"tr[data-conversation='{conversation}']")))
    shoot(driver, "console-inbox", f"tr[data-conversation='{conversation}']")
    driver.find_element(By.CSS_SELECTOR, f"tr[data-conversation='{conversation}'] a").click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "reply-text")))
    wait(driver).until(lambda d: attribute(d, "chat-live", "data-state") == "live")
    driver.execute_script("window.__sameDocument = true")

    driver.switch_to.window(customer_window)
    driver.find_element(By.ID, "chat-text").send_keys("请问还要多久？")
    driver.find_element(By.ID, "chat-send").click()
    driver.switch_to.window(agent_window)
    started = time.monotonic()
    WebDriverWait(driver, 2).until(EC.text_to_be_present_in_element((By.ID, "chat"), "请问还要多久？"))
    check(driver.execute_script("return window.__sameDocument === true"),
          f"the agent's page shows the customer's message live, without reload, in {time.monotonic() - started:.2f} s")

    driver.find_element(By.ID, "reply-text").send_keys("您好，我们今天为您发货。")
    driver.find_element(By.ID, "reply-send").click()
    wait(driver).until(lambda d: attribute(d, "conversation-state", "data-state") == "pending")
    check(True, "the agent's reply moves the conversation to pending")
    shoot(driver, "console-conversation", "#chat li")
    driver.switch_to.window(customer_window)
    started = time.monotonic()
    WebDriverWait(driver, 2).until(EC.text_to_be_present_in_element((By.ID, "chat"), "我们今天为您发货"))
    check(driver.execute_script("return window.__sameDocument === true"),
          f"the customer's page shows the agent's answer live, without reload, in {time.monotonic() - started:.2f} s")

    # A photo from the customer's phone: shown on both pages, fetched with the token (never a public URL).
    png = os.path.abspath(os.path.join(OUT, "damage.png"))
    with open(png, "wb") as handle:
        handle.write(base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
    driver.find_element(By.ID, "chat-photo").send_keys(png)
    wait(driver).until(lambda d: d.execute_script("const i = document.querySelector('#chat img.chat-photo'); return !!i && i.src.startsWith('blob:')"))
    driver.switch_to.window(agent_window)
    wait(driver).until(lambda d: d.execute_script("const i = document.querySelector('#chat img.chat-photo'); return !!i && i.src.startsWith('blob:')"))
    check(True, "a photo the customer sends shows on the agent's page live")
    driver.find_element(By.ID, "solve").click()
    wait(driver).until(lambda d: attribute(d, "conversation-state", "data-state") == "solved")
    console_errors(driver, "/console/service")
    driver.close()
    driver.switch_to.window(customer_window)
    WebDriverWait(driver, 5).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#rating button[data-score='5']"))).click()
    wait(driver).until(lambda d: not d.find_elements(By.ID, "chat-text"))  # closed: no more messages
    status, body = call("GET", f"/conversations/{conversation}", customer)
    check(status == 200 and body["state"] == "closed" and body["rating"] == 5,
          "the page offers the rating once the agent solves, live; the customer's five stars close the conversation")
    console_errors(driver, "/m/conversations")
    driver.execute_script("sessionStorage.clear()")


def scenario_return(driver, admin):
    print("returns: a customer returns a delivered cable from its page and sends it by carrier; the warehouse receives it from the console", flush=True)
    customer = login("customer004@demo.chargemall.cn", "demo-customer")
    order = place_order(customer, "adr_demo_c004")
    move(order["id"], admin, "paid", "allocated", "picking", "packed", "shipped", "outForDelivery", "delivered")
    sign_in(driver, f"/m/orders/{order['id']}", "customer004@demo.chargemall.cn", "demo-customer")
    wait(driver).until(EC.element_to_be_clickable((By.ID, "ask-return"))).click()
    png = os.path.abspath(os.path.join(OUT, "return.png"))
    with open(png, "wb") as handle:
        handle.write(base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
    driver.find_element(By.ID, "return-photos").send_keys(png)
    wait(driver).until(EC.element_to_be_clickable((By.ID, "return-submit"))).click()
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#returns li[data-status=approved]")))
    check(True, "a no-reason return in its week is approved at once, on the order's page")
    # The customer sends it back by carrier and enters the waybill on the page.
    driver.find_element(By.CSS_SELECTOR, "#returns form[data-waybill] input[name=carrier]").send_keys("sf")
    driver.find_element(By.CSS_SELECTOR, "#returns form[data-waybill] input[name=waybill]").send_keys("SF1234567890")
    driver.find_element(By.CSS_SELECTOR, "#returns form[data-waybill] button[type=submit]").click()
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#returns li[data-status=pickedUp]")))
    check("SF1234567890" in driver.find_element(By.ID, "timeline").text, "the waybill entered on the page is on its way back, in the timeline")
    console_errors(driver, "/m/orders (return)")
    driver.execute_script("sessionStorage.clear()")
    status, page = call("GET", f"/orders/{order['id']}/returns", customer)
    rma = page["items"][0]["id"]
    sign_in(driver, "/console/returns", "warehouse@demo.chargemall.cn", "demo-warehouse")
    wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, f"tr[data-return='{rma}'] button[data-action=restock]")))
    wait(driver).until(lambda d: d.execute_script(f"const i = document.querySelector(\"tr[data-return='{rma}'] img.thumb\"); return !!i && i.src.startsWith('blob:')"))
    check(True, "the photo sent with the return shows on the warehouse's board")
    shoot(driver, "console-returns", f"tr[data-return='{rma}']")
    driver.find_element(By.CSS_SELECTOR, f"tr[data-return='{rma}'] button[data-action=restock]").click()
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, f"tr[data-return='{rma}']"))
    status, body = call("GET", f"/returns/{rma}", customer)
    check(status == 200 and body["status"] == "completed" and body["inspection"] == "restock" and body.get("refundId"),
          "the warehouse receives it back to stock from the console; the refund is recorded")
    console_errors(driver, "/console/returns")
    driver.execute_script("sessionStorage.clear()")

    print("installation: a customer books a crew's slot from the order's page", flush=True)
    status, wallbox = call("POST", "/orders", customer, {"lines": [{"sku": "WB-7KW-BASIC", "quantity": 1}, {"sku": "IN-STANDARD", "quantity": 1}],
                                                          "addressId": "adr_demo_c004"}, {"Idempotency-Key": f"web-{time.time_ns()}"})
    assert status == 201, (status, wallbox)
    sign_in(driver, f"/m/orders/{wallbox['id']}", "customer004@demo.chargemall.cn", "demo-customer")
    wait(driver).until(EC.element_to_be_clickable((By.ID, "book-installation"))).click()
    wait(driver).until(EC.element_to_be_clickable((By.ID, "slot-confirm"))).click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "window")))
    status, body = call("GET", f"/orders/{wallbox['id']}", customer)
    check(status == 200 and body.get("deliveryWindow") is not None and any(e.get("tag") == "appointment" for e in body["timeline"]),
          "the slot picked on the page becomes the order's delivery window")
    console_errors(driver, "/m/orders (installation)")
    driver.execute_script("sessionStorage.clear()")


def scenario_admin_pages(driver, order):
    print("admin: every other console page", flush=True)
    sign_in(driver, "/console/", "admin@demo.chargemall.cn", "demo-admin")
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#tiles .tile")))
    shoot(driver, "console-dashboard", "#tiles .tile")
    for name, path, ready in (("console-orders", "/console/orders", "tr[data-order]"),
                              ("console-order", f"/console/orders/{order['id']}", "#timeline li"),
                              ("console-alerts", "/console/alerts", "h1"),
                              ("console-settings", "/console/settings", "#webhook-url")):
        driver.get(BASE + path)
        wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, ready)))
        shoot(driver, name, ready)
        console_errors(driver, path)
    # The staff view of an order follows it live too.
    driver.get(BASE + f"/console/orders/{order['id']}")
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "button[data-to=packed]")))
    driver.find_element(By.CSS_SELECTOR, "button[data-to=packed]").click()
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "button[data-to=shipped]")))
    check(True, "staff move an order from its page")
    # A webhook's secret is shown once.
    driver.get(BASE + "/console/settings")
    wait(driver).until(EC.presence_of_element_located((By.ID, "webhook-url")))
    driver.find_element(By.ID, "webhook-name").send_keys("ERP")
    driver.find_element(By.ID, "webhook-url").send_keys("http://127.0.0.1:9/hook")
    driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "webhook-secret")))
    check(driver.find_element(By.ID, "webhook-secret").text.startswith("whsec_"), "a new webhook's secret is shown once")
    # Staff and roles: an admin adds an agent, then makes them a dispatcher.
    email = f"new.agent.{time.time_ns()}@demo.chargemall.cn"
    for field, value in (("staff-email", email), ("staff-name", "新客服"), ("staff-phone", "13800002222"), ("staff-password", "first password")):
        driver.find_element(By.ID, field).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "#staff-form button[type=submit]").click()
    wait(driver).until(EC.text_to_be_present_in_element((By.ID, "users"), email))
    row = driver.find_element(By.XPATH, f"//tr[td[text()='{email}']]")
    Select(row.find_element(By.TAG_NAME, "select")).select_by_value("dispatcher")
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#users-message .notice")))
    status, body = call("POST", "/auth/login", body={"email": email, "password": "first password"})
    check(status == 200 and body["user"]["role"] == "dispatcher", "an admin adds staff and changes their role from the settings page")
    # English on request.
    driver.find_element(By.ID, "lang").click()
    wait(driver).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Settings"))
    check(True, "the English switch redraws the page in English")
    driver.find_element(By.ID, "lang").click()
    console_errors(driver, "/console/settings")
    for name, path, ready in (("console dashboard", "/console/", "#tiles .tile"), ("console orders", "/console/orders", "tr[data-order]"),
                              ("console dispatch", "/console/dispatch", "#plan-button"), ("console inventory", "/console/inventory", "section.tiles"),
                              ("console settings", "/console/settings", "#webhook-url"), ("H5 orders", "/m/", "h1"),
                              ("H5 order", f"/m/orders/{order['id']}", "#timeline li")):
        weigh(driver, name, path, ready)


def main():
    headers = urllib.request.urlopen(BASE + "/console/").headers
    check("script-src 'self'" in headers.get("Content-Security-Policy", "") and "unsafe-inline" not in headers.get("Content-Security-Policy", ""),
          "pages carry a strict Content-Security-Policy")
    admin = login("admin@demo.chargemall.cn", "demo-admin")
    driver = browser()
    try:
        order = scenario_customer_watches(driver, admin)
        scenario_dispatcher(driver, admin)
        scenario_inventory(driver)
        scenario_service(driver)
        scenario_return(driver, admin)
        scenario_admin_pages(driver, order)
    except Exception as error:  # a step that could not even be tried
        driver.save_screenshot(f"{OUT}/failure.png")
        check(False, f"scenario ran to its end: {type(error).__name__}: {error}")
    finally:
        driver.quit()
    print("\n| page | transfer | requests | first render | ready |\n|---|---|---|---|---|")
    for name, f in weights:
        first = "—" if f["firstRender"] is None else f"{f['firstRender']:.0f} ms"
        print(f"| {name} | {f['bytes'] / 1024:.1f} KB | {f['requests']} | {first} | {f['ready']:.0f} ms |")
    print(f"\nbrowser tests: {'FAILED: ' + str(len(failures)) if failures else 'all passed'}; screenshots in {OUT}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
