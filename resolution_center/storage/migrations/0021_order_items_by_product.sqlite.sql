-- Schema step 21: order lines by product, then case. The KPI report counts the cases of a
-- period per product (top products): with this index SQLite reads the lines in product order
-- and checks each case against the period, where it sorted every line by product (166,509 lines
-- at 100,000 cases: 165 -> 70 ms of a year's report).

CREATE INDEX IF NOT EXISTS "order_items_product_case_id" ON "order_items" ("product", "case_id");
