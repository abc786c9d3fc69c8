//! The reference ring: an obviously correct, slow model of the contract in
//! DESIGN.md, used as the oracle by the tests and the fuzz targets.
//!
//! It shares nothing with the crate's internals. From the crate it takes only
//! the public hash function (`RingHasher::hash_bytes`), the documented key
//! byte stream (`key_bytes`, pinned by the golden tests), the `Error` type
//! and `MAX_POINTS`. Everything else is written from the documented rules:
//!
//! - vnode `i` of a node with identity bytes `id` sits at
//!   `H(len(id) as u64 LE ++ id ++ i as u32 LE)`;
//! - points are sorted by position, then identity bytes, then vnode index,
//!   and rebuilt from the membership on every query;
//! - the owner of `h` is the first point with position `>= h`, else the
//!   first point (linear scan);
//! - validation happens in the documented order: membership, emptiness,
//!   duplicates, size.
//!
//! This file is self-contained so that `fuzz/` can include it with
//! `#[path]`.

#![allow(dead_code, unreachable_pub)]

use std::hash::Hash;

use shardring::{Error, MAX_NODES, MAX_POINTS, RingHasher, key_bytes};

/// How a reference node's points were given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NaiveKind {
    /// Vnodes `0..weight`.
    Vnodes(u32),
    /// Explicit positions, in the order given.
    Tokens(Vec<u64>),
}

/// A reference node.
#[derive(Clone, Debug)]
pub struct NaiveNode<N> {
    pub node: N,
    pub id: Vec<u8>,
    pub kind: NaiveKind,
}

/// One point of the reference ring.
#[derive(Clone, Debug)]
pub struct NaivePoint<'a, N> {
    pub pos: u64,
    pub id: &'a [u8],
    pub vnode: u32,
    pub node: &'a N,
}

/// The reference ring.
#[derive(Clone, Debug)]
pub struct NaiveRing<N, H> {
    pub hasher: H,
    /// Members in the order they were added (deliberately not sorted).
    pub nodes: Vec<NaiveNode<N>>,
}

/// The documented vnode position.
pub fn vnode_position<H: RingHasher>(hasher: &H, id: &[u8], i: u32) -> u64 {
    let mut input = Vec::new();
    input.extend_from_slice(&(id.len() as u64).to_le_bytes());
    input.extend_from_slice(id);
    input.extend_from_slice(&i.to_le_bytes());
    hasher.hash_bytes(&input)
}

impl<N: Hash + Eq + Clone, H: RingHasher> NaiveRing<N, H> {
    pub fn new(hasher: H) -> Self {
        NaiveRing {
            hasher,
            nodes: Vec::new(),
        }
    }

    fn total_points(&self) -> u64 {
        self.nodes
            .iter()
            .map(|n| match &n.kind {
                NaiveKind::Vnodes(w) => u64::from(*w),
                NaiveKind::Tokens(t) => t.len() as u64,
            })
            .sum()
    }

    fn index_of(&self, node: &N) -> Option<usize> {
        self.nodes.iter().position(|n| n.node == *node)
    }

    /// The membership check for a node to be added.
    fn check_new(&self, node: &N) -> Result<Vec<u8>, Error> {
        if self.index_of(node).is_some() {
            return Err(Error::AlreadyMember);
        }
        let id = key_bytes(node);
        if self.nodes.iter().any(|n| n.id == id) {
            return Err(Error::IdentityConflict);
        }
        Ok(id)
    }

    fn check_nodes(&self, now: usize) -> Result<(), Error> {
        if now >= MAX_NODES {
            return Err(Error::TooManyNodes {
                requested: now as u64 + 1,
                limit: MAX_NODES as u64,
            });
        }
        Ok(())
    }

    fn check_size(&self, more: u64) -> Result<(), Error> {
        let requested = self.total_points() + more;
        if requested > MAX_POINTS as u64 {
            return Err(Error::TooManyPoints {
                requested,
                limit: MAX_POINTS as u64,
            });
        }
        Ok(())
    }

    pub fn add_weighted(&mut self, node: N, vnodes: u32) -> Result<(), Error> {
        let id = self.check_new(&node)?;
        if vnodes == 0 {
            return Err(Error::ZeroWeight);
        }
        self.check_nodes(self.nodes.len())?;
        self.check_size(u64::from(vnodes))?;
        self.nodes.push(NaiveNode {
            node,
            id,
            kind: NaiveKind::Vnodes(vnodes),
        });
        Ok(())
    }

    pub fn add_with_tokens(
        &mut self,
        node: N,
        tokens: impl IntoIterator<Item = u64>,
    ) -> Result<(), Error> {
        let id = self.check_new(&node)?;
        let tokens: Vec<u64> = tokens.into_iter().take(MAX_POINTS + 1).collect();
        if tokens.is_empty() {
            return Err(Error::NoTokens);
        }
        // The smallest repeated token: in sorted order, the first value
        // equal to its neighbour.
        let mut sorted = tokens.clone();
        sorted.sort_unstable();
        let repeated = sorted.windows(2).find(|w| w[0] == w[1]).map(|w| w[0]);
        if let Some(token) = repeated {
            return Err(Error::DuplicateToken { token });
        }
        self.check_nodes(self.nodes.len())?;
        self.check_size(tokens.len() as u64)?;
        self.nodes.push(NaiveNode {
            node,
            id,
            kind: NaiveKind::Tokens(tokens),
        });
        Ok(())
    }

    /// The batch add: items in order, the first bad one decides; for each,
    /// membership (ring, then earlier items), weight, running size.
    pub fn add_all(&mut self, batch: impl IntoIterator<Item = (N, u32)>) -> Result<(), Error> {
        let mut accepted: Vec<(N, u32)> = Vec::new();
        let mut total = self.total_points();
        for (node, w) in batch {
            self.check_new(&node)?;
            for (earlier, _) in &accepted {
                if *earlier == node {
                    return Err(Error::AlreadyMember);
                }
                if key_bytes(earlier) == key_bytes(&node) {
                    return Err(Error::IdentityConflict);
                }
            }
            if w == 0 {
                return Err(Error::ZeroWeight);
            }
            self.check_nodes(self.nodes.len() + accepted.len())?;
            total += u64::from(w);
            if total > MAX_POINTS as u64 {
                return Err(Error::TooManyPoints {
                    requested: total,
                    limit: MAX_POINTS as u64,
                });
            }
            accepted.push((node, w));
        }
        for (node, w) in accepted {
            let id = key_bytes(&node);
            self.nodes.push(NaiveNode {
                node,
                id,
                kind: NaiveKind::Vnodes(w),
            });
        }
        Ok(())
    }

    pub fn remove(&mut self, node: &N) -> Result<(), Error> {
        let i = self.index_of(node).ok_or(Error::NotMember)?;
        self.nodes.remove(i);
        Ok(())
    }

    pub fn set_weight(&mut self, node: &N, vnodes: u32) -> Result<(), Error> {
        let i = self.index_of(node).ok_or(Error::NotMember)?;
        let old = match self.nodes[i].kind {
            NaiveKind::Vnodes(w) => w,
            NaiveKind::Tokens(_) => return Err(Error::HasExplicitTokens),
        };
        if vnodes == 0 {
            return Err(Error::ZeroWeight);
        }
        if vnodes > old {
            self.check_size(u64::from(vnodes - old))?;
        }
        self.nodes[i].kind = NaiveKind::Vnodes(vnodes);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn contains(&self, node: &N) -> bool {
        self.index_of(node).is_some()
    }

    pub fn weight(&self, node: &N) -> Option<u32> {
        let n = &self.nodes[self.index_of(node)?];
        Some(match &n.kind {
            NaiveKind::Vnodes(w) => *w,
            NaiveKind::Tokens(t) => t.len() as u32,
        })
    }

    /// All points, sorted by (position, identity bytes, vnode index).
    /// A token's "vnode index" is its place in the token list; tokens of
    /// one node are distinct, so it never decides anything.
    pub fn points(&self) -> Vec<NaivePoint<'_, N>> {
        let mut points = Vec::new();
        for n in &self.nodes {
            match &n.kind {
                NaiveKind::Vnodes(w) => {
                    for i in 0..*w {
                        points.push(NaivePoint {
                            pos: vnode_position(&self.hasher, &n.id, i),
                            id: &n.id,
                            vnode: i,
                            node: &n.node,
                        });
                    }
                }
                NaiveKind::Tokens(t) => {
                    for (i, &pos) in t.iter().enumerate() {
                        points.push(NaivePoint {
                            pos,
                            id: &n.id,
                            vnode: i as u32,
                            node: &n.node,
                        });
                    }
                }
            }
        }
        points.sort_by(|a, b| (a.pos, a.id, a.vnode).cmp(&(b.pos, b.id, b.vnode)));
        points
    }

    /// (position, node) of every point, in ring order.
    pub fn point_list(&self) -> Vec<(u64, N)> {
        self.points()
            .into_iter()
            .map(|p| (p.pos, p.node.clone()))
            .collect()
    }

    /// Nodes in identity-bytes order.
    pub fn nodes_in_order(&self) -> Vec<N> {
        let mut nodes: Vec<&NaiveNode<N>> = self.nodes.iter().collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        nodes.into_iter().map(|n| n.node.clone()).collect()
    }

    /// Index into `points` of the owner of `h`, by linear scan.
    fn owner_index(points: &[NaivePoint<'_, N>], h: u64) -> Option<usize> {
        if points.is_empty() {
            return None;
        }
        Some(points.iter().position(|p| p.pos >= h).unwrap_or(0))
    }

    pub fn locate_position(&self, h: u64) -> Option<N> {
        let points = self.points();
        Self::owner_index(&points, h).map(|i| points[i].node.clone())
    }

    pub fn locate<K: Hash + ?Sized>(&self, key: &K) -> Option<N> {
        self.locate_position(self.hasher.hash_bytes(&key_bytes(key)))
    }

    /// Walks from the owner of `h` through every point once, collecting new
    /// nodes until `n` are found.
    pub fn replicas_at(&self, h: u64, n: usize) -> Vec<N> {
        let points = self.points();
        let mut out: Vec<N> = Vec::new();
        let Some(start) = Self::owner_index(&points, h) else {
            return out;
        };
        for k in 0..points.len() {
            if out.len() == n {
                break;
            }
            let node = points[(start + k) % points.len()].node;
            if !out.contains(node) {
                out.push(node.clone());
            }
        }
        out
    }

    /// The share of the ring `node` owns: the length of every position
    /// whose owner is `node`, computed from distinct positions, as an exact
    /// count out of 2^64.
    pub fn owned_len(&self, node: &N) -> u128 {
        let points = self.points();
        let mut total = 0u128;
        for (i, p) in points.iter().enumerate() {
            // Only the first point at a position owns it.
            if i > 0 && points[i - 1].pos == p.pos {
                continue;
            }
            if p.node != node {
                continue;
            }
            // The previous distinct position, wrapping to the largest.
            let prev = if i > 0 {
                points[i - 1].pos
            } else {
                points[points.len() - 1].pos
            };
            total += if prev == p.pos && i == 0 {
                // A single distinct position: the whole ring.
                1u128 << 64
            } else {
                u128::from(p.pos.wrapping_sub(prev))
            };
        }
        total
    }

    /// Every distinct position of the ring's points.
    pub fn positions(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.points().iter().map(|p| p.pos).collect();
        v.dedup();
        v
    }
}
