//! Every error a client gets carries an `extensions.code`, over HTTP and
//! over the WebSocket alike: errors raised by async-graphql itself (syntax,
//! validation, limits, argument types) come without one and get one here.

use std::sync::Arc;

use async_graphql::{Data, Executor, Request, Response, ServerError};
use futures_util::{StreamExt, stream::BoxStream};

use crate::graphql::ApiSchema;

pub(super) fn give_every_error_a_code(errors: &mut [ServerError]) {
    for error in errors {
        let code = if error.path.is_empty() {
            "GRAPHQL_VALIDATION_FAILED"
        } else {
            "BAD_USER_INPUT"
        };
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", code);
        }
    }
}

/// The schema as the WebSocket executes it, codes added to each response.
#[derive(Clone)]
pub(super) struct Coded(pub ApiSchema);

impl Executor for Coded {
    async fn execute(&self, request: Request) -> Response {
        let mut response = self.0.execute(request).await;
        give_every_error_a_code(&mut response.errors);
        response
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        Executor::execute_stream(&self.0, request, session_data)
            .map(|mut response| {
                give_every_error_a_code(&mut response.errors);
                response
            })
            .boxed()
    }
}
