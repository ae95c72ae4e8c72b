//! Live updates over WebSocket (graphql-transport-ws), with a Rust client
//! and with the `graphql-ws` npm client run by node.

mod feed;
mod js;
mod ordering;
mod replicas;
mod reporter;
