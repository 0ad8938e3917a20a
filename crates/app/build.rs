//! The migrations are embedded in the binary (`embed_migrations!`): a new or changed migration
//! must rebuild this crate, which cargo does not know without being told.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
