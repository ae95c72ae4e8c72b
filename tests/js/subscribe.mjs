// Subscribes with the graphql-ws client, prints each result as one JSON
// line, and exits after `count` results, an error or completion.
//
// node subscribe.mjs URL TOKEN|- QUERY VARIABLES_JSON COUNT
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, token, query, variables, count] = process.argv.slice(2);
const wanted = Number(count);
const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: token === '-' ? {} : { authorization: `Bearer ${token}` },
  retryAttempts: 0,
});
const timeout = setTimeout(() => {
  print({ timeout: true });
  process.exit(2);
}, 15_000);
const finish = async () => {
  clearTimeout(timeout);
  await client.dispose();
};

let received = 0;
client.on('connected', () => print({ connected: true }));
client.subscribe(
  { query, variables: JSON.parse(variables) },
  {
    next: (result) => {
      print(result);
      received += 1;
      if (received >= wanted) finish();
    },
    error: (error) => {
      print({ error: error?.reason ?? error?.message ?? String(error) });
      finish();
    },
    complete: () => finish(),
  },
);
