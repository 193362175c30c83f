//! The data layer: every database call of the demo goes through [`Catalog`].

use chrono::{DateTime, Utc};
use coodie::{Replication, Session};
use uuid::Uuid;

use crate::models::{Product, ProductByBrand, ProductByCategory};

/// What [`Catalog::ensure_schema`] did, for the start-up log.
#[derive(Debug, Clone, Default)]
pub struct SchemaReport {
    /// The statements that were run, in order.
    pub statements: Vec<String>,
}

/// The product catalog: the base table `products` and its views
/// `products_by_category` and `products_by_brand`, in one keyspace.
///
/// Cloning is cheap (it shares the session).
#[derive(Clone, Debug)]
pub struct Catalog {
    db: Session,
}

type ProductRow = (
    Uuid,
    String,
    String,
    String,
    f64,
    Option<String>,
    DateTime<Utc>,
);

impl Catalog {
    /// A catalog on the session's keyspace.
    pub fn new(db: Session) -> Catalog {
        Catalog { db }
    }

    /// The session underneath.
    pub fn session(&self) -> &Session {
        &self.db
    }

    fn ks(&self) -> &str {
        self.db.keyspace()
    }

    /// Creates the keyspace (SimpleStrategy, RF 1) if missing, then the base table
    /// with its two indexes and both views.
    pub async fn ensure_schema(&self) -> coodie::Result<SchemaReport> {
        let ks = self.ks();
        let mut report = SchemaReport::default();
        self.db.create_keyspace(ks, &Replication::Simple(1)).await?;
        report.statements.push(format!(
            "CREATE KEYSPACE IF NOT EXISTS {ks} (SimpleStrategy, replication_factor 1)"
        ));
        let ddl = [
            format!(
                "CREATE TABLE IF NOT EXISTS {ks}.products (\"id\" uuid, \"name\" text, \
                 \"category\" text, \"brand\" text, \"price\" double, \"description\" text, \
                 \"created_at\" timestamp, PRIMARY KEY ((\"id\")))"
            ),
            format!(
                "CREATE INDEX IF NOT EXISTS products_category_idx ON {ks}.products (\"category\")"
            ),
            format!("CREATE INDEX IF NOT EXISTS products_brand_idx ON {ks}.products (\"brand\")"),
            format!(
                "CREATE MATERIALIZED VIEW IF NOT EXISTS {ks}.products_by_category AS \
                 SELECT * FROM {ks}.products WHERE \"category\" IS NOT NULL AND \"id\" IS NOT NULL \
                 PRIMARY KEY ((\"category\"), \"id\")"
            ),
            format!(
                "CREATE MATERIALIZED VIEW IF NOT EXISTS {ks}.products_by_brand AS \
                 SELECT * FROM {ks}.products WHERE \"brand\" IS NOT NULL AND \"id\" IS NOT NULL \
                 PRIMARY KEY ((\"brand\"), \"id\")"
            ),
        ];
        for cql in ddl {
            self.db.execute_ddl(&cql).await?;
            report.statements.push(cql);
        }
        Ok(report)
    }

    /// Every product of the base table (`limit` caps the count), in token order.
    pub async fn list(&self, limit: Option<usize>) -> coodie::Result<Vec<Product>> {
        let cql = format!(
            "SELECT \"id\", \"name\", \"category\", \"brand\", \"price\", \"description\", \
             \"created_at\" FROM {}.products",
            self.ks()
        );
        let rows = self.rows(&cql, ()).await?;
        let mut products: Vec<Product> = rows.into_iter().map(product_from_row).collect();
        if let Some(limit) = limit {
            products.truncate(limit);
        }
        Ok(products)
    }

    /// Stores a product (an upsert on `id`).
    pub async fn insert(&self, p: &Product) -> coodie::Result<()> {
        let cql = format!(
            "INSERT INTO {}.products (\"id\", \"name\", \"category\", \"brand\", \"price\", \
             \"description\", \"created_at\") VALUES (?, ?, ?, ?, ?, ?, ?)",
            self.ks()
        );
        let description = match &p.description {
            Some(d) => coodie::scylla::value::MaybeUnset::Set(d.as_str()),
            None => coodie::scylla::value::MaybeUnset::Unset,
        };
        self.db
            .execute(
                &cql,
                (
                    p.id,
                    &p.name,
                    &p.category,
                    &p.brand,
                    p.price,
                    description,
                    p.created_at,
                ),
            )
            .await?;
        Ok(())
    }

    /// The product with this id, if any.
    pub async fn get(&self, id: Uuid) -> coodie::Result<Option<Product>> {
        let cql = format!(
            "SELECT \"id\", \"name\", \"category\", \"brand\", \"price\", \"description\", \
             \"created_at\" FROM {}.products WHERE \"id\" = ?",
            self.ks()
        );
        Ok(self
            .rows(&cql, (id,))
            .await?
            .into_iter()
            .next()
            .map(product_from_row))
    }

    /// Deletes the product; `false` when there was none.
    pub async fn delete(&self, id: Uuid) -> coodie::Result<bool> {
        if self.get(id).await?.is_none() {
            return Ok(false);
        }
        let cql = format!("DELETE FROM {}.products WHERE \"id\" = ?", self.ks());
        self.db.execute(&cql, (id,)).await?;
        Ok(true)
    }

    /// The rows of `products_by_category` for one category (one partition).
    pub async fn by_category(&self, category: &str) -> coodie::Result<Vec<ProductByCategory>> {
        let cql = format!(
            "SELECT \"id\", \"name\", \"category\", \"brand\", \"price\", \"description\", \
             \"created_at\" FROM {}.products_by_category WHERE \"category\" = ?",
            self.ks()
        );
        Ok(self
            .rows(&cql, (category,))
            .await?
            .into_iter()
            .map(|r| {
                let p = product_from_row(r);
                ProductByCategory {
                    category: p.category,
                    id: p.id,
                    name: p.name,
                    brand: p.brand,
                    price: p.price,
                    description: p.description,
                    created_at: p.created_at,
                }
            })
            .collect())
    }

    /// The rows of `products_by_brand` for one brand (one partition).
    pub async fn by_brand(&self, brand: &str) -> coodie::Result<Vec<ProductByBrand>> {
        let cql = format!(
            "SELECT \"id\", \"name\", \"category\", \"brand\", \"price\", \"description\", \
             \"created_at\" FROM {}.products_by_brand WHERE \"brand\" = ?",
            self.ks()
        );
        Ok(self
            .rows(&cql, (brand,))
            .await?
            .into_iter()
            .map(|r| {
                let p = product_from_row(r);
                ProductByBrand {
                    brand: p.brand,
                    id: p.id,
                    name: p.name,
                    category: p.category,
                    price: p.price,
                    description: p.description,
                    created_at: p.created_at,
                }
            })
            .collect())
    }

    async fn rows(
        &self,
        cql: &str,
        values: impl coodie::scylla::serialize::row::SerializeRow,
    ) -> coodie::Result<Vec<ProductRow>> {
        let result = self.db.execute(cql, values).await?;
        let rows = result
            .into_rows_result()
            .map_err(|e| coodie::Error::driver(cql, e))?;
        rows.rows::<ProductRow>()
            .map_err(|e| coodie::Error::driver(cql, e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| coodie::Error::driver(cql, e))
    }
}

fn product_from_row(r: ProductRow) -> Product {
    Product {
        id: r.0,
        name: r.1,
        category: r.2,
        brand: r.3,
        price: r.4,
        description: r.5,
        created_at: r.6,
    }
}
