"""The SQL of the customer repository: its star schema, its marts and the chapter's analyses.

Kept as text so the chapter can show students exactly what runs. Every statement is plain DuckDB SQL;
``{observation_end}`` is filled in from the repository's metadata.
"""

#: Tables of the star schema and what one row is.
SCHEMA = {
    "dim_date": "one calendar day: date_key (YYYYMMDD), date, year, quarter, month, iso_week, weekday, weekend",
    "dim_customer": "one customer of one source: customer_key, source, customer_id, segment, customer_type, "
                    "region, acquisition_date, acquisition_channel",
    "dim_product": "one product line: product_key, product_line, description",
    "dim_channel": "one channel category: channel_key, channel, category, contact, unit_cost",
    "fact_transaction": "one purchase: transaction_id, customer_key, date_key, channel_key, product_key, amount",
    "fact_interaction": "one contact: interaction_id, customer_key, date_key, channel_key, stage, outcome, "
                        "handling_minutes, identified",
}

DIM_DATE = """
CREATE TABLE dim_date AS
SELECT CAST(strftime(d, '%Y%m%d') AS INTEGER) AS date_key, CAST(d AS DATE) AS date,
       year(d) AS year, quarter(d) AS quarter, month(d) AS month, weekofyear(d) AS iso_week,
       dayname(d) AS weekday, isodow(d) >= 6 AS weekend
FROM range(CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 DAY) AS t(d)
"""

DIM_PRODUCT = """
CREATE TABLE dim_product AS
SELECT * FROM (VALUES
    (1, 'kitchenware', 'purchases under $60: kitchenware and small items'),
    (2, 'textiles', 'purchases of $60 to $200: textiles and soft furnishings'),
    (3, 'furniture', 'purchases over $200: furniture'),
    (4, 'unknown', 'product line not recorded')) AS p(product_key, product_line, description)
"""

#: Product line of a purchase when the source records none: the band its value falls in.
PRODUCT_OF_AMOUNT = "CASE WHEN amount < 60 THEN 1 WHEN amount <= 200 THEN 2 ELSE 3 END"

FACT_TRANSACTION = f"""
CREATE TABLE fact_transaction AS
SELECT t.transaction_id, c.customer_key,
       CAST(strftime(t.date, '%Y%m%d') AS INTEGER) AS date_key,
       ch.channel_key,
       COALESCE(p.product_key, {PRODUCT_OF_AMOUNT}) AS product_key,
       t.amount
FROM staged_transactions AS t
JOIN dim_customer AS c ON c.source = t.source AND c.customer_id = t.customer_id
LEFT JOIN dim_channel AS ch ON ch.channel = t.channel
LEFT JOIN dim_product AS p ON p.product_line = t.product_line
"""

FACT_INTERACTION = """
CREATE TABLE fact_interaction AS
SELECT i.interaction_id, c.customer_key,
       CAST(strftime(i.timestamp, '%Y%m%d') AS INTEGER) AS date_key,
       ch.channel_key, i.stage, i.outcome, i.handling_minutes, i.identified
FROM staged_interactions AS i
JOIN dim_customer AS c ON c.source = i.source AND c.customer_id = i.customer_id
LEFT JOIN dim_channel AS ch ON ch.channel = i.channel
"""

#: Marts: views shaped for one use, computed from the warehouse tables whenever they are read.
MARTS = {
    "mart_customer_summary": """
CREATE VIEW mart_customer_summary AS
WITH days AS (                      -- purchases on the same day count once, their amounts summed
    SELECT c.source, c.customer_id, d.date, SUM(f.amount) AS amount
    FROM fact_transaction AS f
    JOIN dim_customer AS c USING (customer_key)
    JOIN dim_date AS d USING (date_key)
    GROUP BY ALL
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY source, customer_id ORDER BY date) AS n
    FROM days
)
SELECT source, customer_id,
       COUNT(*) - 1 AS frequency,
       date_diff('day', MIN(date), MAX(date)) / 7.0 AS recency,
       date_diff('day', MIN(date), (SELECT observation_end FROM metadata)) / 7.0 AS T,
       COALESCE(AVG(amount) FILTER (WHERE n > 1), 0) AS monetary_value
FROM ranked
GROUP BY source, customer_id
""",
    "mart_channel_month": """
CREATE VIEW mart_channel_month AS
SELECT d.year, d.month, ch.channel, COUNT(*) AS transactions, SUM(f.amount) AS revenue,
       COUNT(DISTINCT f.customer_key) AS customers
FROM fact_transaction AS f
JOIN dim_date AS d USING (date_key)
LEFT JOIN dim_channel AS ch USING (channel_key)
GROUP BY ALL
""",
}

#: The chapter's analyses: name -> (question, SQL).
QUERIES = {
    "customer_summary": (
        "Frequency, recency and T (weeks) and mean repeat spend of every customer: the CLV models' input",
        "SELECT * FROM mart_customer_summary ORDER BY source, customer_id"),
    "revenue_by_channel": (
        "Revenue, purchases and customers by channel",
        """SELECT COALESCE(ch.channel, 'not recorded') AS channel, COUNT(*) AS transactions,
       SUM(f.amount) AS revenue, COUNT(DISTINCT f.customer_key) AS customers,
       SUM(f.amount) / COUNT(*) AS revenue_per_transaction
FROM fact_transaction AS f LEFT JOIN dim_channel AS ch USING (channel_key)
GROUP BY ALL ORDER BY revenue DESC"""),
    "revenue_by_segment_and_product": (
        "Revenue by customer segment and product line",
        """SELECT COALESCE(c.segment, 'not recorded') AS segment, p.product_line, SUM(f.amount) AS revenue,
       COUNT(*) AS transactions
FROM fact_transaction AS f JOIN dim_customer AS c USING (customer_key) JOIN dim_product AS p USING (product_key)
GROUP BY ALL ORDER BY segment, product_line"""),
    "revenue_by_month": (
        "Revenue and active customers by month",
        """SELECT year, month, SUM(revenue) AS revenue, SUM(transactions) AS transactions
FROM mart_channel_month GROUP BY ALL ORDER BY year, month"""),
    "identification_by_channel": (
        "Share of contacts the systems linked to a known customer, by channel (single-customer-view coverage)",
        """SELECT ch.channel, COUNT(*) AS contacts, AVG(CAST(i.identified AS DOUBLE)) AS identified_share
FROM fact_interaction AS i JOIN dim_channel AS ch USING (channel_key)
GROUP BY ALL ORDER BY identified_share"""),
    "contacts_per_purchase": (
        "Contacts per purchase and handling minutes by channel (cost to serve)",
        """WITH contacts AS (
    SELECT channel_key, COUNT(*) AS contacts, SUM(handling_minutes) AS handling_minutes
    FROM fact_interaction GROUP BY channel_key
), purchases AS (
    SELECT channel_key, COUNT(*) AS purchases FROM fact_transaction GROUP BY channel_key
)
SELECT ch.channel, ch.unit_cost, c.contacts, c.handling_minutes, c.contacts * ch.unit_cost AS contact_cost,
       c.contacts / NULLIF(p.purchases, 0) AS contacts_per_purchase
FROM contacts AS c JOIN dim_channel AS ch USING (channel_key) LEFT JOIN purchases AS p USING (channel_key)
ORDER BY contact_cost DESC"""),
}
