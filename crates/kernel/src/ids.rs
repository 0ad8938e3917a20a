use uuid::Uuid;

/// A new, time-ordered id (UUID v7): ids are generated in Rust, never by the database.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
