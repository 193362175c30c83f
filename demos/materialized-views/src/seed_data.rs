//! The demo's sample data: artifacts from the Oracle's dimensions.

use rand::Rng;
use rand::seq::IndexedRandom;

use crate::models::Product;

/// The 12 categories.
pub const CATEGORIES: &[&str] = &[
    "weapons",
    "navigation",
    "surveillance",
    "containment",
    "temporal",
    "biotech",
    "psionic",
    "dimensional",
    "computing",
    "stealth",
    "energy",
    "unknown",
];

/// The 14 brands.
pub const BRANDS: &[&str] = &[
    "Dimension-1",
    "Dimension-2",
    "Dimension-3",
    "Dimension-4",
    "Dimension-5",
    "Dimension-6",
    "Dimension-7",
    "Dimension-8",
    "Dimension-9",
    "Dimension-X",
    "Void-Rift",
    "Null-Space",
    "Shard-Prime",
    "Echo-Layer",
];

/// The 30 named artifacts.
pub const ARTIFACTS: &[&str] = &[
    "Quantum Entanglement Mouse",
    "Gravity Inversion Boots",
    "Chrono-Displacement Watch",
    "Pocket Event Horizon",
    "Tachyon Compass",
    "Mirror of Second Opinions",
    "Self-Sorting Sock Drawer",
    "Entropy Reversal Kettle",
    "Probability Dice (Loaded)",
    "Nebula-in-a-Jar",
    "Paradox-Proof Umbrella",
    "Whispering Star Chart",
    "Phase-Shift Cloak",
    "Neural Lace Headband",
    "Infinite Scroll Wheel",
    "Causality Eraser",
    "Subspace Lunchbox",
    "Dark Matter Flashlight",
    "Hyperlane Road Atlas",
    "Memory Palace Blueprint",
    "Antigravity Teacup",
    "Sentient Origami Crane",
    "Wormhole Doorstop",
    "Photon Quill",
    "Null-Field Earmuffs",
    "Clairvoyant Doorbell",
    "Fractal Shield Emitter",
    "Echo-Canceling Helm",
    "Singularity Paperweight",
    "Oracle's Spare Eye",
];

const ADJECTIVES: &[&str] = &[
    "Recursive",
    "Haunted",
    "Prismatic",
    "Folded",
    "Silent",
    "Unstable",
    "Lucid",
    "Hollow",
    "Inverted",
    "Resonant",
    "Forgotten",
    "Spectral",
];

const NOUNS: &[&str] = &[
    "Lens", "Lantern", "Key", "Engine", "Codex", "Gauntlet", "Beacon", "Prism", "Anchor",
    "Sextant", "Relay", "Crown",
];

/// The short descriptions a seeded product may get.
pub const DESCRIPTIONS: &[&str] = &[
    "Recovered from a collapsed timeline. Handle with gloves.",
    "Works best on Tuesdays, in this dimension at least.",
    "The Oracle saw this coming.",
    "Slightly radioactive, mostly harmless.",
    "Comes with a one-universe warranty.",
    "Do not look directly into it.",
    "Previously owned by a careful archivist.",
];

/// Lowest seeded price.
pub const MIN_PRICE: f64 = 99.99;
/// Highest seeded price.
pub const MAX_PRICE: f64 = 99_999.99;

/// A random product: mostly a named artifact, otherwise a generated phrase; a price
/// uniform in 99.99 to 99 999.99 rounded to cents; sometimes no description.
///
/// ```
/// let p = materialized_views_demo::seed_data::random_product(&mut rand::rng());
/// assert!(p.price >= 99.99 && p.price <= 99_999.99);
/// ```
pub fn random_product<R: Rng + ?Sized>(rng: &mut R) -> Product {
    let name = if rng.random_bool(0.8) {
        pick(rng, ARTIFACTS).to_string()
    } else {
        format!("{} {}", pick(rng, ADJECTIVES), pick(rng, NOUNS))
    };
    let price = (rng.random_range(MIN_PRICE..=MAX_PRICE) * 100.0).round() / 100.0;
    let description = rng
        .random_bool(0.8)
        .then(|| pick(rng, DESCRIPTIONS).to_string());
    let now = chrono::Utc::now();
    Product {
        id: uuid::Uuid::new_v4(),
        name,
        category: pick(rng, CATEGORIES).to_string(),
        brand: pick(rng, BRANDS).to_string(),
        price,
        description,
        created_at: chrono::DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now),
    }
}

fn pick<'a, R: Rng + ?Sized>(rng: &mut R, items: &[&'a str]) -> &'a str {
    items.choose(rng).copied().unwrap_or("unknown")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_have_the_promised_sizes() {
        assert_eq!(CATEGORIES.len(), 12);
        assert_eq!(BRANDS.len(), 14);
        assert_eq!(ARTIFACTS.len(), 30);
    }

    #[test]
    fn prices_are_cents_in_range() {
        let mut rng = rand::rng();
        for _ in 0..1000 {
            let p = random_product(&mut rng);
            assert!((MIN_PRICE..=MAX_PRICE).contains(&p.price));
            assert!(((p.price * 100.0).round() - p.price * 100.0).abs() < 1e-6);
        }
    }
}
