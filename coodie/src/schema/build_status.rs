//! Where the build of a materialized view stands on each node of the cluster.
//!
//! A new (or recreated) view is filled from its base table's existing rows by every
//! node on its own, and each node records that it has finished in its own,
//! node-local `system.built_views`. Asking whichever node coordinates a query only
//! tells about that node; [`view`] asks every node the driver knows, each one
//! directly.

use std::net::SocketAddr;
use std::sync::Arc;

use futures::future::join_all;
use scylla::cluster::Node;
use scylla::policies::load_balancing::{NodeIdentifier, SingleTargetLoadBalancingPolicy};
use scylla::statement::{Consistency, Statement};

use crate::exec;
use crate::{Error, Result, Session};

/// Where the build of one view stands on one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildState {
    /// The node lists the view in its `system.built_views`: it holds every row the
    /// base table had when the view was created.
    Built,
    /// The node answered and has not finished building the view yet.
    Building,
    /// The node could not be asked (it is down, or the driver has no connection to
    /// it); the reason says why. An unreachable node does not count as built.
    Unreachable(String),
}

/// The build state of a view on one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeBuild {
    /// The node's CQL address, as the driver reaches it.
    pub address: SocketAddr,
    /// The node's datacenter, when the driver knows it.
    pub datacenter: Option<String>,
    /// Where the build stands there.
    pub state: BuildState,
}

/// Where the build of a view stands on every node the driver knows, from
/// [`ViewExt::build_status`](super::ViewExt::build_status).
///
/// ```
/// use coodie::schema::{BuildState, NodeBuild, ViewBuildStatus};
///
/// let node = |n: u8, state| NodeBuild {
///     address: ([127, 0, 0, n], 9042).into(),
///     datacenter: Some("datacenter1".into()),
///     state,
/// };
/// let status = ViewBuildStatus {
///     view: "shop.products_by_category".into(),
///     nodes: vec![
///         node(1, BuildState::Built),
///         node(2, BuildState::Unreachable("no open connection".into())),
///     ],
/// };
/// assert!(!status.is_built_everywhere());
/// assert_eq!(status.pending().count(), 1);
/// assert_eq!(
///     status.to_string(),
///     "shop.products_by_category: built on 127.0.0.1:9042; \
///      not on 127.0.0.2:9042 (unreachable: no open connection)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewBuildStatus {
    /// `keyspace.view`.
    pub view: String,
    /// One entry per node, in the order of the driver's cluster metadata.
    pub nodes: Vec<NodeBuild>,
}

impl ViewBuildStatus {
    /// Whether every node has built the view (an unreachable node has not).
    ///
    /// ```
    /// let none = coodie::schema::ViewBuildStatus { view: "ks.v".into(), nodes: vec![] };
    /// assert!(!none.is_built_everywhere(), "no node, nothing built");
    /// ```
    pub fn is_built_everywhere(&self) -> bool {
        !self.nodes.is_empty() && self.pending().next().is_none()
    }

    /// The nodes that have not built the view, unreachable ones included.
    ///
    /// ```
    /// let none = coodie::schema::ViewBuildStatus { view: "ks.v".into(), nodes: vec![] };
    /// assert_eq!(none.pending().count(), 0);
    /// ```
    pub fn pending(&self) -> impl Iterator<Item = &NodeBuild> {
        self.nodes.iter().filter(|n| n.state != BuildState::Built)
    }
}

impl std::fmt::Display for ViewBuildStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let built: Vec<String> = self
            .nodes
            .iter()
            .filter(|n| n.state == BuildState::Built)
            .map(|n| n.address.to_string())
            .collect();
        let pending: Vec<String> = self
            .pending()
            .map(|n| match &n.state {
                BuildState::Unreachable(why) => format!("{} (unreachable: {why})", n.address),
                _ => format!("{} (building)", n.address),
            })
            .collect();
        write!(f, "{}: ", self.view)?;
        match (built.is_empty(), pending.is_empty()) {
            (_, true) if !built.is_empty() => write!(f, "built on {}", built.join(", ")),
            (true, _) => write!(f, "built on no node; not on {}", pending.join(", ")),
            _ => write!(
                f,
                "built on {}; not on {}",
                built.join(", "),
                pending.join(", ")
            ),
        }
    }
}

/// `system.built_views` is node-local: asked of one node, it answers for that node.
const BUILT: &str =
    "SELECT view_name FROM system.built_views WHERE keyspace_name = ? AND view_name = ?";

/// Asks `node` alone (the driver's single-target policy, consistency `ONE`: the
/// table is local, there is nothing to agree on) whether it has built the view.
/// The statement is prepared once, like every other, and only routed differently.
async fn built_on(db: &Session, node: &Arc<Node>, keyspace: &str, view: &str) -> Result<bool> {
    if !node.is_connected() {
        return Err(Error::driver(
            BUILT,
            std::io::Error::new(
                std::io::ErrorKind::NotConnected,
                format!("the driver has no open connection to {}", node.address),
            ),
        ));
    }
    let mut statement = Statement::new(BUILT);
    statement.set_consistency(Consistency::One);
    statement.set_load_balancing_policy(Some(SingleTargetLoadBalancingPolicy::new(
        NodeIdentifier::Node(node.clone()),
        None,
    )));
    let result = db
        .bounded(
            BUILT,
            db.driver().execute_unpaged(statement, (keyspace, view)),
        )
        .await?;
    Ok(!exec::rows::<(String,)>(BUILT, result)?.is_empty())
}

/// Asks every node the driver knows, all at once, whether it has built view
/// `keyspace.view`. When not one node answers, the database is unreachable: that
/// is an error (the first node's), not a status.
pub(crate) async fn view(db: &Session, keyspace: &str, view: &str) -> Result<ViewBuildStatus> {
    let cluster = db.driver().get_session().get_cluster_state();
    let nodes = cluster.get_nodes_info();
    let answers = join_all(nodes.iter().map(|n| built_on(db, n, keyspace, view))).await;
    let view = format!("{keyspace}.{view}");
    if answers.iter().all(Result::is_err) {
        return match answers.into_iter().next() {
            Some(Err(first)) => Err(first),
            _ => Ok(ViewBuildStatus {
                view,
                nodes: Vec::new(),
            }),
        };
    }
    Ok(ViewBuildStatus {
        view,
        nodes: nodes
            .iter()
            .zip(answers)
            .map(|(node, answer)| NodeBuild {
                address: SocketAddr::new(node.address.ip(), node.address.port()),
                datacenter: node.datacenter.clone(),
                state: match answer {
                    Ok(true) => BuildState::Built,
                    Ok(false) => BuildState::Building,
                    Err(e) => BuildState::Unreachable(e.to_string()),
                },
            })
            .collect(),
    })
}
