//! Which columns of a table fit a width: the same rule for every table
//! (nodes, pods, workloads). Pure.

/// The columns of `all` that fit in `width`, in `all`'s order: they are
/// given room in `priority` order, each its `min_width` plus one space
/// between columns; one that does not fit is skipped (a narrower one after
/// it may still fit). The first of `priority` is always kept.
pub fn fit<C: Copy + PartialEq>(all: &[C], priority: &[C], min_width: fn(C) -> u16, width: u16) -> Vec<C> {
    let mut used = 0u16;
    let mut keep = Vec::new();
    for &c in priority {
        let w = min_width(c) + u16::from(!keep.is_empty());
        if used + w > width && !keep.is_empty() {
            continue;
        }
        used += w;
        keep.push(c);
    }
    all.iter().copied().filter(|c| keep.contains(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_get_room_by_priority_and_keep_table_order() {
        let width = |c: char| match c {
            'a' => 10,
            'b' => 20,
            _ => 5,
        };
        let all = ['a', 'b', 'c'];
        let priority = ['a', 'c', 'b'];
        assert_eq!(fit(&all, &priority, width, 100), ['a', 'b', 'c']);
        // b does not fit, c (narrower, later in priority) does.
        assert_eq!(fit(&all, &priority, width, 20), ['a', 'c']);
        // The first is kept even when nothing fits.
        assert_eq!(fit(&all, &priority, width, 3), ['a']);
    }
}
