//! [`ShapeBuf`]: a statement's shape gathered on the stack, to look its statement
//! up without allocating.

use super::ShapePart;

/// Parts held inline; a longer shape spills to the heap.
const INLINE: usize = 8;

/// A statement's shape ([`ShapePart`]s) built on the stack: up to eight parts
/// inline (every usual update, delete or select), more in a `Vec`. A look-up with
/// it allocates nothing; only a miss copies it into the cache's key.
#[derive(Debug)]
pub(crate) struct ShapeBuf {
    inline: [ShapePart; INLINE],
    len: usize,
    spilled: Vec<ShapePart>,
}

impl Default for ShapeBuf {
    fn default() -> Self {
        ShapeBuf {
            inline: [("", 0); INLINE],
            len: 0,
            spilled: Vec::new(),
        }
    }
}

impl ShapeBuf {
    /// Appends one part.
    #[inline]
    pub(crate) fn push(&mut self, part: ShapePart) {
        if self.spilled.is_empty() && self.len < INLINE {
            self.inline[self.len] = part;
            self.len += 1;
            return;
        }
        if self.spilled.is_empty() {
            self.spilled.extend_from_slice(&self.inline[..self.len]);
        }
        self.spilled.push(part);
    }

    /// The parts, in order.
    #[inline]
    pub(crate) fn as_slice(&self) -> &[ShapePart] {
        if self.spilled.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spilled
        }
    }
}

impl Extend<ShapePart> for ShapeBuf {
    #[inline]
    fn extend<I: IntoIterator<Item = ShapePart>>(&mut self, parts: I) {
        for part in parts {
            self.push(part);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_part_in_order_inline_or_spilled() {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        for n in 0..=names.len() {
            let mut shape = ShapeBuf::default();
            shape.extend(names[..n].iter().enumerate().map(|(i, c)| (*c, i as u8)));
            let expected: Vec<ShapePart> = names[..n]
                .iter()
                .enumerate()
                .map(|(i, c)| (*c, i as u8))
                .collect();
            assert_eq!(shape.as_slice(), expected.as_slice(), "{n} parts");
            assert_eq!(shape.spilled.is_empty(), n <= INLINE);
        }
    }
}
