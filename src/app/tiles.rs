//! The dashboard's panes and how focus moves between them.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TileId {
    ControlPlane,
    EtcdBackups,
    Certificates,
    Zones,
    Quotas,
    Findings,
}

impl TileId {
    pub const ALL: [TileId; 6] = [
        TileId::ControlPlane,
        TileId::EtcdBackups,
        TileId::Certificates,
        TileId::Zones,
        TileId::Quotas,
        TileId::Findings,
    ];

    pub fn title(self) -> &'static str {
        match self {
            TileId::ControlPlane => "Control plane",
            TileId::EtcdBackups => "etcd backups",
            TileId::Certificates => "Certificates",
            TileId::Zones => "Zones",
            TileId::Quotas => "Quotas",
            TileId::Findings => "Findings",
        }
    }
}

/// How many tile columns a terminal `width` gets: three when wide, two at
/// 80 columns, one when narrow.
pub fn tile_columns(width: u16) -> usize {
    match width {
        0..=59 => 1,
        60..=139 => 2,
        _ => 3,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Left,
    Right,
}

/// Moves focus in a grid of `count` tiles laid out `columns` wide. Moves
/// that would leave the grid keep the focus where it is.
pub fn move_focus(focus: usize, count: usize, columns: usize, dir: Direction) -> usize {
    let columns = columns.max(1);
    let (row, col) = (focus / columns, focus % columns);
    let target = match dir {
        Direction::Left if col > 0 => focus - 1,
        Direction::Right if col + 1 < columns => focus + 1,
        Direction::Up if row > 0 => focus - columns,
        Direction::Down => focus + columns,
        _ => focus,
    };
    if target < count { target } else { focus }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_moves_stay_inside() {
        // 2 columns x 3 rows
        assert_eq!(move_focus(0, 6, 2, Direction::Right), 1);
        assert_eq!(move_focus(1, 6, 2, Direction::Right), 1);
        assert_eq!(move_focus(1, 6, 2, Direction::Down), 3);
        assert_eq!(move_focus(5, 6, 2, Direction::Down), 5);
        assert_eq!(move_focus(4, 6, 2, Direction::Up), 2);
        assert_eq!(move_focus(0, 6, 2, Direction::Up), 0);
        assert_eq!(move_focus(3, 6, 2, Direction::Left), 2);
        assert_eq!(move_focus(2, 6, 2, Direction::Left), 2);
        // 3 columns, and a single column
        assert_eq!(move_focus(2, 6, 3, Direction::Down), 5);
        assert_eq!(move_focus(3, 6, 1, Direction::Down), 4);
        assert_eq!(move_focus(3, 6, 0, Direction::Right), 3);
    }

    #[test]
    fn columns_follow_width() {
        assert_eq!(tile_columns(80), 2);
        assert_eq!(tile_columns(160), 3);
        assert_eq!(tile_columns(40), 1);
    }
}
