/// The schema, one migration at a time. Times are Unix milliseconds (BIGINT) in both dialects, so
/// comparisons and ordering behave the same everywhere.
enum Schema {
    static let v1Core = Migration(version: 1, name: "core: users, catalogue, stock ledger, orders") { kind in
        let serial = kind == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        var statements = [
            """
            CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
              name TEXT NOT NULL, phone TEXT NOT NULL, role TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE refresh_tokens (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
              expires_at BIGINT NOT NULL, used_at BIGINT)
            """,
            """
            CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL,
              weight_grams BIGINT NOT NULL CHECK (weight_grams >= 0), volume_ml BIGINT NOT NULL CHECK (volume_ml >= 0),
              needs_installation BOOLEAN NOT NULL, serial_tracked BOOLEAN NOT NULL,
              price_cents BIGINT NOT NULL CHECK (price_cents >= 0), active BOOLEAN NOT NULL)
            """,
            """
            CREATE TABLE warehouses (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, address TEXT NOT NULL,
              latitude DOUBLE PRECISION NOT NULL, longitude DOUBLE PRECISION NOT NULL)
            """,
            // The last line of defence against overselling: whatever the code does, the row cannot go negative.
            """
            CREATE TABLE stock_levels (warehouse_id TEXT NOT NULL REFERENCES warehouses(id), sku TEXT NOT NULL REFERENCES products(sku),
              on_hand BIGINT NOT NULL, reserved BIGINT NOT NULL,
              reorder_point BIGINT NOT NULL DEFAULT 0, reorder_quantity BIGINT NOT NULL DEFAULT 0,
              PRIMARY KEY (warehouse_id, sku),
              CONSTRAINT stock_never_negative CHECK (on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand))
            """,
            """
            CREATE TABLE stock_movements (id \(serial), warehouse_id TEXT NOT NULL, sku TEXT NOT NULL, kind TEXT NOT NULL,
              on_hand_delta BIGINT NOT NULL, reserved_delta BIGINT NOT NULL, order_id TEXT, note TEXT, created_at BIGINT NOT NULL,
              FOREIGN KEY (warehouse_id, sku) REFERENCES stock_levels(warehouse_id, sku))
            """,
            "CREATE INDEX stock_movements_by_level ON stock_movements (warehouse_id, sku, id)",
            """
            CREATE TABLE addresses (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES users(id), recipient TEXT NOT NULL,
              phone TEXT NOT NULL, region TEXT NOT NULL, detail TEXT NOT NULL,
              latitude DOUBLE PRECISION NOT NULL, longitude DOUBLE PRECISION NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX addresses_by_customer ON addresses (customer_id, id)",
            """
            CREATE TABLE orders (id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, customer_id TEXT NOT NULL REFERENCES users(id),
              status TEXT NOT NULL, total_cents BIGINT NOT NULL CHECK (total_cents >= 0),
              recipient TEXT NOT NULL, phone TEXT NOT NULL, region TEXT NOT NULL, detail TEXT NOT NULL,
              latitude DOUBLE PRECISION NOT NULL, longitude DOUBLE PRECISION NOT NULL,
              window_start BIGINT, window_end BIGINT, promised_at BIGINT, reservation_expires_at BIGINT,
              payment_reference TEXT, idempotency_key TEXT, request_hash TEXT NOT NULL,
              created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX orders_idempotency ON orders (customer_id, idempotency_key)",
            "CREATE INDEX orders_by_customer ON orders (customer_id, id)",
            "CREATE INDEX orders_by_status ON orders (status, id)",
            "CREATE INDEX orders_pending_expiry ON orders (reservation_expires_at) WHERE status = 'pendingPayment'",
            """
            CREATE TABLE order_lines (order_id TEXT NOT NULL REFERENCES orders(id), line_no BIGINT NOT NULL, sku TEXT NOT NULL,
              name TEXT NOT NULL, quantity BIGINT NOT NULL CHECK (quantity > 0), unit_price_cents BIGINT NOT NULL,
              warehouse_id TEXT NOT NULL, PRIMARY KEY (order_id, line_no))
            """,
            """
            CREATE TABLE shipments (id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id), warehouse_id TEXT NOT NULL,
              carrier_code TEXT, waybill_number TEXT)
            """,
            "CREATE INDEX shipments_by_order ON shipments (order_id)",
            """
            CREATE TABLE tracking_events (id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id), status TEXT NOT NULL,
              message TEXT NOT NULL, actor TEXT NOT NULL, source TEXT NOT NULL, occurred_at BIGINT NOT NULL)
            """,
            "CREATE INDEX tracking_events_by_order ON tracking_events (order_id, occurred_at, id)",
        ]
        // The ledger is append-only: the database itself refuses to rewrite history.
        switch kind {
        case .sqlite:
            statements += [
                "CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements BEGIN SELECT RAISE(ABORT, 'stock_movements is append-only'); END",
                "CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements BEGIN SELECT RAISE(ABORT, 'stock_movements is append-only'); END",
            ]
        case .postgres:
            statements += [
                "CREATE FUNCTION forbid_ledger_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'stock_movements is append-only'; END $$",
                "CREATE TRIGGER stock_movements_append_only BEFORE UPDATE OR DELETE ON stock_movements FOR EACH ROW EXECUTE FUNCTION forbid_ledger_rewrite()",
            ]
        }
        return statements
    }

    static let v2CarrierTracking = Migration(version: 2, name: "tracking: place, note, carrier tag, dedup, sequence; waybills") { _ in
        [
            "ALTER TABLE tracking_events ADD COLUMN place TEXT",
            "ALTER TABLE tracking_events ADD COLUMN note TEXT",
            "ALTER TABLE tracking_events ADD COLUMN tag TEXT",
            "ALTER TABLE tracking_events ADD COLUMN dedup_key TEXT",
            // A carrier that redelivers the same scan stores it once.
            "CREATE UNIQUE INDEX tracking_events_dedup ON tracking_events (order_id, dedup_key)",
            "CREATE UNIQUE INDEX shipments_waybill ON shipments (carrier_code, waybill_number)",
            // Per-order insertion order: the cursor of SSE replay. Event times can arrive out of order
            // (carriers); the sequence cannot, because every insert holds the order's row lock.
            "ALTER TABLE tracking_events ADD COLUMN seq BIGINT NOT NULL DEFAULT 0",
            """
            UPDATE tracking_events SET seq = (SELECT COUNT(*) FROM tracking_events t2 WHERE t2.order_id = tracking_events.order_id
              AND (t2.occurred_at < tracking_events.occurred_at OR (t2.occurred_at = tracking_events.occurred_at AND t2.id <= tracking_events.id)))
            """,
            "CREATE UNIQUE INDEX tracking_events_sequence ON tracking_events (order_id, seq)",
        ]
    }

    static let v3Notifications = Migration(version: 3, name: "outbox and feed, webhooks and deliveries, alerts, jobs") { kind in
        let serial = kind == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        return [
            // Written in the same transaction as its tracking event; `position` is given after commit, in
            // commit order, by the drain (an identity value is not in commit order under concurrency).
            """
            CREATE TABLE outbox (id \(serial), event_id TEXT NOT NULL UNIQUE REFERENCES tracking_events(id), order_id TEXT NOT NULL,
              customer_id TEXT NOT NULL, created_at BIGINT NOT NULL, position BIGINT UNIQUE)
            """,
            "CREATE INDEX outbox_unpositioned ON outbox (id) WHERE position IS NULL",
            "CREATE INDEX outbox_by_customer ON outbox (customer_id, position)",
            """
            CREATE TABLE webhook_subscriptions (id TEXT PRIMARY KEY, name TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL,
              active BOOLEAN NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE deliveries (id \(serial), channel TEXT NOT NULL, target TEXT NOT NULL, order_id TEXT NOT NULL,
              customer_id TEXT NOT NULL, event_id TEXT NOT NULL, position BIGINT NOT NULL, status TEXT NOT NULL,
              attempts BIGINT NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL, last_error TEXT, delivered_at BIGINT,
              created_at BIGINT NOT NULL, UNIQUE (channel, target, event_id))
            """,
            "CREATE INDEX deliveries_due ON deliveries (next_attempt_at, position) WHERE status = 'pending'",
            "CREATE INDEX deliveries_queue ON deliveries (channel, target, order_id, position) WHERE status = 'pending'",
            "CREATE INDEX deliveries_by_status ON deliveries (status, id)",
            """
            CREATE TABLE alerts (id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id), kind TEXT NOT NULL, state TEXT NOT NULL,
              reason TEXT NOT NULL, detail TEXT NOT NULL, raised_at BIGINT NOT NULL, acknowledged_by TEXT, acknowledged_at BIGINT,
              resolved_by TEXT, resolved_at BIGINT, resolution TEXT)
            """,
            // The board shows one live alert per order and kind, however often the scan runs.
            "CREATE UNIQUE INDEX alerts_one_active ON alerts (order_id, kind) WHERE state <> 'resolved'",
            "CREATE INDEX alerts_by_state ON alerts (state, id)",
            "CREATE TABLE jobs (name TEXT PRIMARY KEY, next_run_at BIGINT NOT NULL, last_run_at BIGINT, last_owner TEXT)",
        ]
    }

    static let v4Dispatch = Migration(version: 4, name: "dispatch: vehicles, driver assignments, plans, routes, stops, positions, traffic") { kind in
        let serial = kind == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        return [
            """
            CREATE TABLE vehicles (id TEXT PRIMARY KEY, plate TEXT NOT NULL UNIQUE, warehouse_id TEXT NOT NULL REFERENCES warehouses(id),
              capacity_grams BIGINT NOT NULL CHECK (capacity_grams > 0), capacity_ml BIGINT NOT NULL CHECK (capacity_ml > 0),
              skills TEXT NOT NULL, shift_start_minute BIGINT NOT NULL, shift_end_minute BIGINT NOT NULL,
              cost_per_km_cents BIGINT NOT NULL, cost_per_hour_cents BIGINT NOT NULL,
              battery_kwh DOUBLE PRECISION, kwh_per_km DOUBLE PRECISION, active BOOLEAN NOT NULL, created_at BIGINT NOT NULL,
              driver_id TEXT REFERENCES users(id),
              CHECK (shift_start_minute >= 0 AND shift_start_minute < shift_end_minute AND shift_end_minute <= 1440))
            """,
            "CREATE INDEX vehicles_by_warehouse ON vehicles (warehouse_id, id)",
            // One vehicle per driver per day and one driver per vehicle per day.
            """
            CREATE TABLE driver_assignments (driver_id TEXT NOT NULL REFERENCES users(id), day BIGINT NOT NULL,
              vehicle_id TEXT NOT NULL REFERENCES vehicles(id), PRIMARY KEY (driver_id, day), UNIQUE (vehicle_id, day))
            """,
            // A request row first (status planning), claimed by one worker, then the result.
            """
            CREATE TABLE dispatch_plans (id TEXT PRIMARY KEY, warehouse_id TEXT NOT NULL REFERENCES warehouses(id), day BIGINT NOT NULL,
              status TEXT NOT NULL, seconds DOUBLE PRECISION NOT NULL, requested_by TEXT, claimed_by TEXT, claimed_at BIGINT,
              figures TEXT, unassigned TEXT, error TEXT, published_at BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX dispatch_plans_queue ON dispatch_plans (status, created_at)",
            "CREATE INDEX dispatch_plans_by_day ON dispatch_plans (warehouse_id, day, id)",
            """
            CREATE TABLE dispatch_routes (id TEXT PRIMARY KEY, plan_id TEXT NOT NULL REFERENCES dispatch_plans(id), vehicle_id TEXT NOT NULL,
              driver_id TEXT, departure BIGINT NOT NULL, return_at BIGINT NOT NULL, km DOUBLE PRECISION NOT NULL, position BIGINT NOT NULL,
              status TEXT NOT NULL DEFAULT 'planned', started_at BIGINT)
            """,
            "CREATE INDEX dispatch_routes_by_plan ON dispatch_routes (plan_id, position)",
            """
            CREATE TABLE dispatch_stops (id TEXT PRIMARY KEY, route_id TEXT NOT NULL REFERENCES dispatch_routes(id), plan_id TEXT NOT NULL,
              order_id TEXT NOT NULL REFERENCES orders(id), latitude DOUBLE PRECISION NOT NULL, longitude DOUBLE PRECISION NOT NULL,
              sequence BIGINT NOT NULL, planned_arrival BIGINT NOT NULL, eta BIGINT NOT NULL,
              service_minutes BIGINT NOT NULL, due_by BIGINT, window_start BIGINT, status TEXT NOT NULL, arrived_at BIGINT, completed_at BIGINT,
              recipient_name TEXT, note TEXT, failure_reason TEXT, UNIQUE (route_id, sequence))
            """,
            "CREATE INDEX dispatch_routes_by_driver ON dispatch_routes (driver_id, plan_id)",
            """
            CREATE TABLE position_pings (id \(serial), driver_id TEXT NOT NULL REFERENCES users(id), route_id TEXT,
              latitude DOUBLE PRECISION NOT NULL, longitude DOUBLE PRECISION NOT NULL, at BIGINT NOT NULL, received_at BIGINT NOT NULL)
            """,
            "CREATE INDEX position_pings_by_driver ON position_pings (driver_id, at)",
            """
            CREATE TABLE traffic_updates (id TEXT PRIMARY KEY, latitude DOUBLE PRECISION NOT NULL, longitude DOUBLE PRECISION NOT NULL,
              radius_metres DOUBLE PRECISION NOT NULL, factor DOUBLE PRECISION NOT NULL, valid_from BIGINT NOT NULL, valid_to BIGINT NOT NULL,
              reason TEXT NOT NULL, created_by TEXT, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX traffic_updates_by_end ON traffic_updates (valid_to)",
            "CREATE INDEX dispatch_stops_by_order ON dispatch_stops (order_id)",
        ]
    }

    static let v5ProofAndPlanRules = Migration(version: 5, name: "dispatch: proof-of-delivery photos, pinned stops, vehicles' districts, cut-offs, traffic corridors") { kind in
        let blob = kind == .sqlite ? "BLOB" : "BYTEA"
        return [
            """
            CREATE TABLE delivery_photos (id TEXT PRIMARY KEY, stop_id TEXT NOT NULL REFERENCES dispatch_stops(id),
              order_id TEXT NOT NULL REFERENCES orders(id), driver_id TEXT NOT NULL REFERENCES users(id), format TEXT NOT NULL,
              bytes BIGINT NOT NULL CHECK (bytes > 0), fingerprint TEXT NOT NULL, taken_at BIGINT NOT NULL, data \(blob) NOT NULL,
              UNIQUE (stop_id, fingerprint))
            """,
            "CREATE INDEX delivery_photos_by_order ON delivery_photos (order_id, id)",
            "ALTER TABLE dispatch_stops ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE vehicles ADD COLUMN districts TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE dispatch_plans ADD COLUMN trigger TEXT NOT NULL DEFAULT 'request'",
            "ALTER TABLE dispatch_plans ADD COLUMN auto_publish BOOLEAN NOT NULL DEFAULT FALSE",
            """
            CREATE TABLE dispatch_cutoffs (warehouse_id TEXT PRIMARY KEY REFERENCES warehouses(id), minutes TEXT NOT NULL,
              seconds DOUBLE PRECISION NOT NULL, auto_publish BOOLEAN NOT NULL, next_run_at BIGINT, last_run_at BIGINT)
            """,
            "CREATE INDEX dispatch_cutoffs_due ON dispatch_cutoffs (next_run_at)",
            "ALTER TABLE traffic_updates ADD COLUMN corridor TEXT NOT NULL DEFAULT ''",
        ]
    }

    static let v6InventoryOperations = Migration(version: 6, name: "inventory operations: demand history, suppliers, events, planning runs, forecasts, suggestions, purchase orders, transfers, stock alerts") { kind in
        [
            // Days are day numbers (since 1970-01-01, China time): a day's demand grows row by row as orders come in.
            """
            CREATE TABLE demand_days (warehouse_id TEXT NOT NULL, sku TEXT NOT NULL, day BIGINT NOT NULL,
              served_units BIGINT NOT NULL DEFAULT 0, lost_units BIGINT NOT NULL DEFAULT 0,
              served_lines BIGINT NOT NULL DEFAULT 0, lost_lines BIGINT NOT NULL DEFAULT 0,
              PRIMARY KEY (warehouse_id, sku, day))
            """,
            "CREATE INDEX demand_days_by_day ON demand_days (day)",
            "CREATE INDEX demand_days_by_sku ON demand_days (sku, day)",
            """
            CREATE TABLE stock_days (warehouse_id TEXT NOT NULL, sku TEXT NOT NULL, day BIGINT NOT NULL, on_hand BIGINT NOT NULL,
              PRIMARY KEY (warehouse_id, sku, day))
            """,
            "CREATE INDEX stock_days_by_day ON stock_days (day)",
            """
            CREATE TABLE suppliers (id TEXT PRIMARY KEY, name TEXT NOT NULL, lead_time_days DOUBLE PRECISION NOT NULL,
              lead_time_spread_days DOUBLE PRECISION NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE supplier_items (sku TEXT PRIMARY KEY REFERENCES products(sku), supplier_id TEXT NOT NULL REFERENCES suppliers(id),
              unit_cost_cents BIGINT NOT NULL CHECK (unit_cost_cents >= 0), pack_size BIGINT NOT NULL CHECK (pack_size >= 1),
              minimum_order BIGINT NOT NULL CHECK (minimum_order >= 0))
            """,
            "CREATE INDEX supplier_items_by_supplier ON supplier_items (supplier_id)",
            """
            CREATE TABLE promotion_events (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, start_day BIGINT NOT NULL,
              end_day BIGINT NOT NULL, uplift DOUBLE PRECISION, skus TEXT NOT NULL, warehouse_id TEXT, created_at BIGINT NOT NULL)
            """,
            "CREATE TABLE inventory_settings (id BIGINT PRIMARY KEY, body TEXT NOT NULL)",
            """
            CREATE TABLE planning_runs (id TEXT PRIMARY KEY, status TEXT NOT NULL, trigger TEXT NOT NULL, requested_by TEXT,
              created_at BIGINT NOT NULL, claimed_by TEXT, claimed_at BIGINT, started_at BIGINT, finished_at BIGINT, figures TEXT, error TEXT,
              active_slot TEXT UNIQUE)
            """,
            """
            CREATE TABLE sku_forecasts (warehouse_id TEXT NOT NULL, sku TEXT NOT NULL, run_id TEXT NOT NULL, body TEXT NOT NULL,
              created_at BIGINT NOT NULL, PRIMARY KEY (warehouse_id, sku))
            """,
            """
            CREATE TABLE replenishment_suggestions (id TEXT PRIMARY KEY, run_id TEXT NOT NULL, kind TEXT NOT NULL, sku TEXT NOT NULL,
              warehouse_id TEXT NOT NULL, from_warehouse_id TEXT, supplier_id TEXT, quantity BIGINT NOT NULL, state TEXT NOT NULL,
              purchase_order_id TEXT, transfer_id TEXT, body TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX replenishment_suggestions_open ON replenishment_suggestions (state, warehouse_id, id)",
            """
            CREATE TABLE purchase_orders (id TEXT PRIMARY KEY, supplier_id TEXT NOT NULL REFERENCES suppliers(id), status TEXT NOT NULL,
              created_by TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, approved_by TEXT, approved_at BIGINT,
              sent_at BIGINT, closed_at BIGINT, expected_day BIGINT, note TEXT)
            """,
            "CREATE INDEX purchase_orders_by_status ON purchase_orders (status, id)",
            """
            CREATE TABLE purchase_order_lines (purchase_order_id TEXT NOT NULL REFERENCES purchase_orders(id), sku TEXT NOT NULL,
              warehouse_id TEXT NOT NULL, quantity BIGINT NOT NULL CHECK (quantity > 0), received BIGINT NOT NULL DEFAULT 0 CHECK (received >= 0),
              unit_cost_cents BIGINT NOT NULL, PRIMARY KEY (purchase_order_id, sku, warehouse_id))
            """,
            """
            CREATE TABLE purchase_receipts (id TEXT PRIMARY KEY, purchase_order_id TEXT NOT NULL REFERENCES purchase_orders(id),
              idempotency_key TEXT NOT NULL, request_hash TEXT NOT NULL, lines TEXT NOT NULL, received_by TEXT NOT NULL, received_at BIGINT NOT NULL,
              UNIQUE (purchase_order_id, idempotency_key))
            """,
            """
            CREATE TABLE transfers (id TEXT PRIMARY KEY, from_warehouse_id TEXT NOT NULL REFERENCES warehouses(id),
              to_warehouse_id TEXT NOT NULL REFERENCES warehouses(id), status TEXT NOT NULL, lines TEXT NOT NULL, reason TEXT,
              created_by TEXT NOT NULL, created_at BIGINT NOT NULL, shipped_at BIGINT, received_at BIGINT)
            """,
            "CREATE INDEX transfers_by_status ON transfers (status, id)",
            """
            CREATE TABLE stock_alerts (id TEXT PRIMARY KEY, warehouse_id TEXT NOT NULL, sku TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL,
              detail TEXT NOT NULL, advice TEXT NOT NULL, raised_at BIGINT NOT NULL, acknowledged_by TEXT, acknowledged_at BIGINT,
              resolved_by TEXT, resolved_at BIGINT, resolution TEXT)
            """,
            "CREATE UNIQUE INDEX stock_alerts_one_active ON stock_alerts (warehouse_id, sku, kind) WHERE state <> 'resolved'",
            "CREATE INDEX stock_alerts_by_state ON stock_alerts (state, id)",
        ]
    }

    /// Webhooks carry stock alerts too: a subscription chooses its topics (existing ones get all), a
    /// delivery says which topic it carries; a stock alert's delivery has no order and no feed position.
    static let v7WebhookTopics = Migration(version: 7, name: "webhook topics: stock alerts by webhook; orders by creation time") { _ in
        [
            "ALTER TABLE webhook_subscriptions ADD COLUMN topics TEXT NOT NULL DEFAULT 'order.tracking,stock.alert'",
            "ALTER TABLE deliveries ADD COLUMN topic TEXT NOT NULL DEFAULT 'order.tracking'",
            // The dashboard counts today's orders.
            "CREATE INDEX orders_by_created ON orders (created_at)",
        ]
    }

    /// Customer service: conversations tied to an order or not, and their messages in order.
    static let v8Support = Migration(version: 8, name: "customer service: conversations and messages") { _ in
        [
            """
            CREATE TABLE conversations (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES users(id), order_id TEXT REFERENCES orders(id),
              category TEXT NOT NULL, state TEXT NOT NULL, assignee_id TEXT, handed_over BOOLEAN NOT NULL, created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL, first_response_at BIGINT, solved_at BIGINT, rating BIGINT, rating_comment TEXT)
            """,
            "CREATE INDEX conversations_by_customer ON conversations (customer_id, id)",
            "CREATE INDEX conversations_by_state ON conversations (state, id)",
            """
            CREATE TABLE conversation_messages (id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL REFERENCES conversations(id),
              seq BIGINT NOT NULL, author TEXT NOT NULL, author_id TEXT, text TEXT NOT NULL, internal BOOLEAN NOT NULL, created_at BIGINT NOT NULL,
              UNIQUE (conversation_id, seq))
            """,
        ]
    }

    /// Live chat: a message is its own outbox row. The drain that positions tracking events gives committed
    /// messages a chat position (a second sequence, so neither feed's positions have gaps for the other's
    /// readers); `since`-style resumption then works for chat as for tracking.
    /// The service desk: per-queue targets, the warnings given when one is about to break, canned replies.
    static let v9LiveChat = Migration(version: 9, name: "live chat positions, service levels, canned replies") { _ in
        [
            "ALTER TABLE conversation_messages ADD COLUMN position BIGINT",
            "CREATE UNIQUE INDEX conversation_messages_by_position ON conversation_messages (position)",
            "CREATE INDEX conversation_messages_unpositioned ON conversation_messages (conversation_id, seq) WHERE position IS NULL",
            "ALTER TABLE conversations ADD COLUMN sla_warnings TEXT NOT NULL DEFAULT ''",
            """
            CREATE TABLE service_levels (category TEXT PRIMARY KEY, first_response_minutes BIGINT NOT NULL, resolution_minutes BIGINT NOT NULL,
              updated_by TEXT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE canned_replies (id TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL, category TEXT, created_by TEXT NOT NULL,
              created_at BIGINT NOT NULL)
            """,
        ]
    }

    /// Refunds owed by cancelled paid orders and by returns, written with the step that owes them and paid by a
    /// worker; returns and exchanges (RMAs).
    static let v10Refunds = Migration(version: 10, name: "refunds, returns and exchanges") { _ in
        [
            """
            CREATE TABLE refunds (id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id), customer_id TEXT NOT NULL,
              amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0), reason TEXT NOT NULL, status TEXT NOT NULL, attempts BIGINT NOT NULL,
              payment_reference TEXT NOT NULL, provider_reference TEXT, last_error TEXT, next_attempt_at BIGINT NOT NULL, created_at BIGINT NOT NULL,
              completed_at BIGINT)
            """,
            "CREATE INDEX refunds_due ON refunds (next_attempt_at) WHERE status = 'pending'",
            "CREATE INDEX refunds_by_order ON refunds (order_id)",
            "CREATE INDEX refunds_by_status ON refunds (status, id)",
            """
            CREATE TABLE return_requests (id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id), customer_id TEXT NOT NULL,
              kind TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT, lines TEXT NOT NULL, status TEXT NOT NULL, decided_by TEXT, decision_note TEXT,
              pickup TEXT NOT NULL, inspection TEXT, inspection_note TEXT, refund_id TEXT, refund_cents BIGINT NOT NULL,
              replacement_order_id TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX return_requests_by_order ON return_requests (order_id)",
            "CREATE INDEX return_requests_by_status ON return_requests (status, id)",
        ]
    }

    /// Photos in conversations; a message points at its photo.
    static let v11ChatAttachments = Migration(version: 11, name: "chat attachments") { kind in
        let blob = kind == .sqlite ? "BLOB" : "BYTEA"
        return [
            """
            CREATE TABLE chat_attachments (id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL REFERENCES conversations(id), format TEXT NOT NULL,
              bytes BIGINT NOT NULL CHECK (bytes > 0), uploaded_by TEXT NOT NULL, created_at BIGINT NOT NULL, data \(blob) NOT NULL)
            """,
            "ALTER TABLE conversation_messages ADD COLUMN attachment_id TEXT",
            "ALTER TABLE conversation_messages ADD COLUMN attachment_format TEXT",
            "ALTER TABLE conversation_messages ADD COLUMN attachment_bytes BIGINT",
        ]
    }

    /// A stop delivers an order or collects its returned goods; returned goods may travel on a carrier's waybill;
    /// a return has the customer's photos.
    static let v12ReturnPickups = Migration(version: 12, name: "return pickups: stop kinds, return waybills, return photos") { kind in
        let blob = kind == .sqlite ? "BLOB" : "BYTEA"
        return [
            """
            CREATE TABLE return_photos (id TEXT PRIMARY KEY, return_id TEXT NOT NULL REFERENCES return_requests(id), format TEXT NOT NULL,
              bytes BIGINT NOT NULL CHECK (bytes > 0), uploaded_by TEXT NOT NULL, created_at BIGINT NOT NULL, data \(blob) NOT NULL)
            """,
            "CREATE INDEX return_photos_by_return ON return_photos (return_id, id)",
            "ALTER TABLE dispatch_stops ADD COLUMN kind TEXT NOT NULL DEFAULT 'delivery'",
            "ALTER TABLE return_requests ADD COLUMN return_carrier_code TEXT",
            "ALTER TABLE return_requests ADD COLUMN return_waybill_number TEXT",
            "CREATE INDEX return_requests_to_collect ON return_requests (status, pickup)",
        ]
    }

    static let v13RouteEnergy = Migration(version: 13, name: "route energy: kWh per route of an electric van") { _ in
        ["ALTER TABLE dispatch_routes ADD COLUMN kwh DOUBLE PRECISION"]
    }

    /// Chargers the electric vans may stop at during the day, and each route's charging stops (a JSON array:
    /// they are read and written with their route, never queried on their own).
    static let v14ChargingStops = Migration(version: 14, name: "charging stations and charging stops") { _ in
        [
            """
            CREATE TABLE charging_stations (id TEXT PRIMARY KEY, name TEXT NOT NULL, latitude DOUBLE PRECISION NOT NULL,
              longitude DOUBLE PRECISION NOT NULL, power_kw DOUBLE PRECISION NOT NULL CHECK (power_kw > 0),
              warehouse_id TEXT REFERENCES warehouses(id), created_at BIGINT NOT NULL)
            """,
            "ALTER TABLE dispatch_routes ADD COLUMN charging_stops TEXT",
        ]
    }

    /// A sign-in's refresh tokens form a family (each refresh hands on the family): signing out ends the
    /// family, a token used twice ends it too (one of the two users stole it), signing out everywhere ends all
    /// of a user's. Tokens from before this migration are each a family of their own (`family_id` NULL).
    static let v15SessionFamilies = Migration(version: 15, name: "sessions: refresh-token families and revocation") { _ in
        [
            "ALTER TABLE refresh_tokens ADD COLUMN family_id TEXT",
            "ALTER TABLE refresh_tokens ADD COLUMN revoked_at BIGINT",
            "CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id)",
            "CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id)",
        ]
    }

    /// Who changed what: one row per successful change by staff, never updated or deleted by the product.
    static let v16AuditLog = Migration(version: 16, name: "audit log of staff actions") { _ in
        [
            """
            CREATE TABLE audit_log (id TEXT PRIMARY KEY, at BIGINT NOT NULL, actor_id TEXT NOT NULL, actor_role TEXT NOT NULL,
              method TEXT NOT NULL, path TEXT NOT NULL, route TEXT NOT NULL, action TEXT NOT NULL, status INTEGER NOT NULL, detail TEXT)
            """,
            "CREATE INDEX audit_log_by_actor ON audit_log (actor_id, id)",
        ]
    }

    /// The reservation sweep asks for the unpaid orders whose hold has lapsed, oldest first. Through the
    /// status index that read every unpaid order and sorted them, each sweep: in the 30-minute soak
    /// (some 200,000 unpaid orders) the sweeps took a core and latency drifted with the table's size.
    static let v17ReservationExpiryIndex = Migration(version: 17, name: "index of unpaid orders by reservation expiry") { _ in
        // The status leads so that SQLite, without statistics, prefers it to `orders_by_status` (checked with
        // EXPLAIN QUERY PLAN: a search on both columns, no sort).
        ["CREATE INDEX orders_reservation_expiry ON orders (status, reservation_expires_at) WHERE status = 'pendingPayment'"]
    }

    /// An order split over warehouses is delivered parcel by parcel (`Parcel`): each shipment keeps when it
    /// was delivered.
    static let v18ParcelDeliveries = Migration(version: 18, name: "parcels: a shipment's delivery time") { _ in
        ["ALTER TABLE shipments ADD COLUMN delivered_at BIGINT"]
    }
}
