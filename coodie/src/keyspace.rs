//! Creating and dropping keyspaces.

use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::ident::check_keyspace_name;
use crate::session::{Server, Session};
use crate::{Error, Result};

/// `name` if CQL takes it as a keyspace name, else [`InvalidQueryKind::Name`].
fn keyspace_name(name: &str) -> Result<&str> {
    check_keyspace_name(name).map_err(|why| {
        Error::InvalidQuery(InvalidQuery::new(
            InvalidQueryKind::Name,
            format!("keyspace name `{name}` {why}"),
        ))
    })?;
    Ok(name)
}

/// How a keyspace places its replicas.
///
/// ```
/// use coodie::Replication;
/// let dev = Replication::Simple(1);
/// let prod = Replication::network_topology([("dc1", 3), ("dc2", 2)]);
/// assert_eq!(dev.to_cql(), "{'class': 'SimpleStrategy', 'replication_factor': 1}");
/// assert_eq!(
///     prod.to_cql(),
///     "{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replication {
    /// `SimpleStrategy` with this replication factor (development, one datacenter).
    Simple(u32),
    /// `NetworkTopologyStrategy` with a factor per datacenter.
    NetworkTopology(Vec<(String, u32)>),
}

impl Replication {
    /// `NetworkTopologyStrategy` from `(datacenter, factor)` pairs.
    pub fn network_topology<I, S>(factors: I) -> Replication
    where
        I: IntoIterator<Item = (S, u32)>,
        S: Into<String>,
    {
        Replication::NetworkTopology(factors.into_iter().map(|(dc, n)| (dc.into(), n)).collect())
    }

    /// The replication map as CQL.
    pub fn to_cql(&self) -> String {
        match self {
            Replication::Simple(n) => {
                format!("{{'class': 'SimpleStrategy', 'replication_factor': {n}}}")
            }
            Replication::NetworkTopology(factors) => {
                let mut cql = String::from("{'class': 'NetworkTopologyStrategy'");
                for (dc, n) in factors {
                    cql.push_str(&format!(", '{}': {n}", dc.replace('\'', "''")));
                }
                cql.push('}');
                cql
            }
        }
    }
}

/// The `CREATE KEYSPACE IF NOT EXISTS` statement for this server.
///
/// ScyllaDB's tablet keyspaces do not support materialized views, so on ScyllaDB
/// tablets are turned off; Cassandra does not know that option.
pub(crate) fn create_keyspace_cql(name: &str, replication: &Replication, server: Server) -> String {
    let tablets = match server {
        Server::Scylla => " AND tablets = {'enabled': false}",
        Server::Cassandra => "",
    };
    format!(
        "CREATE KEYSPACE IF NOT EXISTS {name} WITH replication = {}{tablets}",
        replication.to_cql()
    )
}

impl Session {
    /// Creates the keyspace if it does not exist yet.
    ///
    /// ```no_run
    /// # async fn demo(db: coodie::Session) -> coodie::Result<()> {
    /// db.create_keyspace("viewdemo", &coodie::Replication::Simple(1)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_keyspace(&self, name: &str, replication: &Replication) -> Result<()> {
        let name = keyspace_name(name)?;
        self.execute_ddl(&create_keyspace_cql(name, replication, self.server()))
            .await?;
        Ok(())
    }

    /// Drops the keyspace and everything in it, if it exists.
    ///
    /// ```no_run
    /// # async fn demo(db: coodie::Session) -> coodie::Result<()> {
    /// db.drop_keyspace("scratch").await?;
    /// # Ok(()) }
    /// ```
    pub async fn drop_keyspace(&self, name: &str) -> Result<()> {
        let name = keyspace_name(name)?;
        self.execute_ddl(&format!("DROP KEYSPACE IF EXISTS {name}"))
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scylla_keyspaces_turn_tablets_off() {
        assert_eq!(
            create_keyspace_cql("viewdemo", &Replication::Simple(1), Server::Scylla),
            "CREATE KEYSPACE IF NOT EXISTS viewdemo WITH replication = \
             {'class': 'SimpleStrategy', 'replication_factor': 1} AND tablets = {'enabled': false}"
        );
        assert!(
            !create_keyspace_cql("viewdemo", &Replication::Simple(1), Server::Cassandra)
                .contains("tablets")
        );
    }

    #[test]
    fn a_bad_keyspace_name_is_an_invalid_query() {
        let err = keyspace_name("a-b").expect_err("refused");
        assert!(matches!(err, Error::InvalidQuery(ref q) if q.is(InvalidQueryKind::Name)));
        assert_eq!(
            err.to_string(),
            "invalid query: keyspace name `a-b` may contain only letters, digits and underscores"
        );
    }
}
