//! Limits on what one GraphQL document may ask, beyond the depth and
//! complexity async-graphql checks itself: the length of the query text
//! and the number of aliases (which otherwise let one request run the same
//! costly field hundreds of times, or guess hundreds of passwords).

use std::sync::Arc;

use async_graphql::{
    ServerError, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery},
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};

use crate::config::Config;

/// Everything the schema limits, as configured.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub depth: usize,
    pub complexity: usize,
    pub aliases: usize,
    pub query_bytes: usize,
    pub introspection: bool,
}

impl Limits {
    pub fn from_config(config: &Config) -> Self {
        Self {
            depth: config.graphql_max_depth,
            complexity: config.graphql_max_complexity,
            aliases: config.graphql_max_aliases,
            query_bytes: config.graphql_max_query_bytes,
            introspection: config.graphql_introspection,
        }
    }

    /// No limits: for printing the schema.
    pub fn none() -> Self {
        Self {
            depth: usize::MAX,
            complexity: usize::MAX,
            aliases: usize::MAX,
            query_bytes: usize::MAX,
            introspection: true,
        }
    }
}

fn refusal(reason: &'static str, message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", "GRAPHQL_VALIDATION_FAILED");
    extensions.set("reason", reason);
    error
}

/// The extension that checks a document's size, aliases and (where it is
/// off) introspection as it is parsed.
pub struct DocumentLimits {
    pub aliases: usize,
    pub query_bytes: usize,
    pub introspection: bool,
}

impl ExtensionFactory for DocumentLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Self {
            aliases: self.aliases,
            query_bytes: self.query_bytes,
            introspection: self.introspection,
        })
    }
}

#[async_trait::async_trait]
impl Extension for DocumentLimits {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        if query.len() > self.query_bytes {
            return Err(refusal(
                "QUERY_TOO_LONG",
                format!("the query is longer than {} bytes", self.query_bytes),
            ));
        }
        let document = next.run(ctx, query, variables).await?;
        let aliases = aliases(&document);
        if aliases > self.aliases {
            return Err(refusal(
                "TOO_MANY_ALIASES",
                format!(
                    "the query uses {aliases} aliases; at most {} are allowed",
                    self.aliases
                ),
            ));
        }
        if !self.introspection && introspects(&document) {
            return Err(refusal(
                "INTROSPECTION_DISABLED",
                "introspection is turned off here; read the published schema.graphql".to_owned(),
            ));
        }
        Ok(document)
    }
}

/// Whether any operation or fragment asks for `__schema` or `__type`.
fn introspects(document: &ExecutableDocument) -> bool {
    fn in_set(set: &SelectionSet) -> bool {
        set.items.iter().any(|item| match &item.node {
            Selection::Field(field) => {
                matches!(field.node.name.node.as_str(), "__schema" | "__type")
                    || in_set(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => in_set(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => false,
        })
    }
    document
        .operations
        .iter()
        .any(|(_, operation)| in_set(&operation.node.selection_set.node))
        || document
            .fragments
            .values()
            .any(|fragment| in_set(&fragment.node.selection_set.node))
}

/// Aliased fields in every operation and fragment of `document`.
fn aliases(document: &ExecutableDocument) -> usize {
    let operations: usize = document
        .operations
        .iter()
        .map(|(_, operation)| in_set(&operation.node.selection_set.node))
        .sum();
    let fragments: usize = document
        .fragments
        .values()
        .map(|fragment| in_set(&fragment.node.selection_set.node))
        .sum();
    operations + fragments
}

fn in_set(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some()) + in_set(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => in_set(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(query: &str) -> usize {
        let document = async_graphql::parser::parse_query(query).unwrap_or_else(|err| {
            panic!("{err}");
        });
        aliases(&document)
    }

    #[test]
    fn aliases_are_counted_everywhere_in_the_document() {
        assert_eq!(count("{ me { id } }"), 0);
        assert_eq!(count("{ a: me { id } b: me { x: id } }"), 3);
        assert_eq!(
            count(
                "query { ...F ... on Query { c: me { id } } } fragment F on Query { d: me { id } }"
            ),
            2
        );
    }
}
