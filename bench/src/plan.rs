//! What one segment is asked to do.

use crate::op::Op;

/// What one segment does.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub op: Op,
    pub count: usize,
    pub concurrency: usize,
    pub warmup: usize,
    pub run: usize,
}
