//! `coodie-dbctl wait-cluster`: waits until every node of a cluster is up and in
//! the ring, as `nodetool status` would show `UN` for each, using CQL alone.
//!
//! A node counts as up when it answers a query sent to it alone (the driver's
//! single-target load balancing policy), and as normal when every node, asked
//! directly, lists all the others in `system.peers` with tokens (what the driver
//! itself uses for token-aware routing) and sees all of them in state `NORMAL`, with
//! their CQL port ready, in `system_views.gossip_info`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use coodie::SessionBuilder;
use coodie::scylla::client::session::Session as DriverSession;
use coodie::scylla::cluster::Node;
use coodie::scylla::policies::load_balancing::{NodeIdentifier, SingleTargetLoadBalancingPolicy};
use coodie::scylla::statement::Consistency;
use coodie::scylla::statement::unprepared::Statement;

/// What one node says about the ring.
struct NodeView {
    address: String,
    peers_with_tokens: usize,
    normal_in_gossip: usize,
}

/// Waits until `nodes` nodes are up and normal, for at most `timeout`.
pub async fn wait_cluster(
    builder: SessionBuilder,
    nodes: usize,
    timeout: Duration,
) -> Result<(), String> {
    let started = Instant::now();
    let mut last = String::from("no answer yet");
    while started.elapsed() < timeout {
        match ring(builder.clone()).await {
            Ok(views) => {
                let ready = views.len() == nodes
                    && views.iter().all(|v| {
                        v.peers_with_tokens == nodes.saturating_sub(1)
                            && v.normal_in_gossip == nodes
                    });
                if ready {
                    let addresses: Vec<&str> = views.iter().map(|v| v.address.as_str()).collect();
                    eprintln!(
                        "coodie-dbctl: {nodes} nodes up and normal ({}) after {:.1}s",
                        addresses.join(", "),
                        started.elapsed().as_secs_f64()
                    );
                    return Ok(());
                }
                last = describe(&views, nodes);
            }
            Err(e) => last = e,
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    Err(format!(
        "the cluster did not have {nodes} nodes up and normal within {}s; last seen: {last}",
        timeout.as_secs()
    ))
}

fn describe(views: &[NodeView], nodes: usize) -> String {
    let each: Vec<String> = views
        .iter()
        .map(|v| {
            format!(
                "{} sees {}/{} peers with tokens, {}/{} normal",
                v.address,
                v.peers_with_tokens,
                nodes.saturating_sub(1),
                v.normal_in_gossip,
                nodes
            )
        })
        .collect();
    format!("{} node(s) answer: {}", views.len(), each.join("; "))
}

/// Asks every node the driver knows, each one directly, how it sees the ring.
async fn ring(builder: SessionBuilder) -> Result<Vec<NodeView>, String> {
    let db = builder.connect().await.map_err(|e| e.to_string())?;
    let driver = db.driver().get_session();
    let mut views = Vec::new();
    for node in driver.get_cluster_state().get_nodes_info() {
        views.push(view_of(driver, node).await?);
    }
    Ok(views)
}

async fn view_of(driver: &DriverSession, node: &Arc<Node>) -> Result<NodeView, String> {
    let address = node.address.to_string();
    let peers: Vec<(Option<Vec<String>>,)> =
        rows_on(driver, node, "SELECT tokens FROM system.peers").await?;
    let gossip: Vec<(Option<String>, Option<String>)> = rows_on(
        driver,
        node,
        "SELECT status_with_port, rpc_ready FROM system_views.gossip_info",
    )
    .await?;
    Ok(NodeView {
        address,
        peers_with_tokens: peers
            .iter()
            .filter(|(tokens,)| tokens.as_ref().is_some_and(|t| !t.is_empty()))
            .count(),
        normal_in_gossip: gossip
            .iter()
            .filter(|(status, rpc_ready)| {
                status.as_deref().is_some_and(|s| s.starts_with("NORMAL"))
                    && rpc_ready.as_deref() == Some("true")
            })
            .count(),
    })
}

/// Runs `cql` on `node` alone, at consistency ONE.
async fn rows_on<R>(driver: &DriverSession, node: &Arc<Node>, cql: &str) -> Result<Vec<R>, String>
where
    R: for<'frame, 'metadata> coodie::scylla::deserialize::row::DeserializeRow<'frame, 'metadata>,
{
    let mut statement = Statement::new(cql);
    statement.set_consistency(Consistency::One);
    statement.set_load_balancing_policy(Some(SingleTargetLoadBalancingPolicy::new(
        NodeIdentifier::Node(node.clone()),
        None,
    )));
    let failed = |e: &dyn std::fmt::Display| format!("{} on {}: {e}", cql, node.address);
    let result = driver
        .query_unpaged(statement, ())
        .await
        .map_err(|e| failed(&e))?;
    let rows = result.into_rows_result().map_err(|e| failed(&e))?;
    rows.rows::<R>()
        .map_err(|e| failed(&e))?
        .collect::<Result<Vec<R>, _>>()
        .map_err(|e| failed(&e))
}
