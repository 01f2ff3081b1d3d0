// A small web server with no dependencies: `npm run dev` restarts it when this file changes.
const http = require('node:http');

const port = Number(process.env.PORT) || 3000;

const server = http.createServer((request, response) => {
  if (request.url === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true }));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html>
<title>Hello from Node.js</title>
<h1>Hello from Node.js</h1>
<p>Edit <code>server.js</code> and reload: <code>npm run dev</code> restarts the server on every change.</p>
<p>Served at ${new Date().toISOString()}.</p>
`);
});

// 0.0.0.0, not localhost: the preview reaches the server from outside the container.
server.listen(port, '0.0.0.0', () => {
  console.log(`Listening on http://0.0.0.0:${port}`);
});
