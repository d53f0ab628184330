'use strict';
// An HTTP/2 (TLS, ALPN "h2" only) front for the transport tests.
//
//   node server.js --cert FILE --key FILE --upstream http://127.0.0.1:PORT
//
// It prints H2_URL=https://127.0.0.1:<port>, H2_CONTROL_URL=http://127.0.0.1:<port>
// and H2_READY=1, then serves until SIGTERM. Plain HTTP/1.1 clients are refused
// (no ALPN fallback), so every request that succeeds through it spoke HTTP/2.
//
// Each request is forwarded to the upstream (the devserver) over HTTP/1.1, so
// the devserver's own faults and counters keep working, unless a fault queued
// here answers it first. An upstream that cuts the connection (the devserver's
// "drop") cuts the client's HTTP/2 connection here too.
//
// Control API (plain HTTP/1.1 on H2_CONTROL_URL, never counted):
//   GET  /state   {sessions, streams, forwarded, faultsQueued, recent: [stream records]}
//   POST /reset   forget faults, counters and records
//   POST /faults  {"faults": [...]} appended to the queue; DELETE /faults clears it
//
// A fault matches like the devserver's: optional `path` (a prefix of the path
// without the query), optional `method`, `times` (default 1). Keys:
//   delayMs          wait before answering (then the other keys, else forward)
//   status, headers, body, contentType   a canned reply
//   redirect         302 (or `status`) with Location
//   oversizeBytes    200 with a body of that many bytes, written as fast as
//                    flow control lets it out
//   bigHeader        one header `x-big` of that many bytes in a 200 reply
//   manyHeaders      {"count": n, "bytes": m}: n headers of m bytes each
//   rst              reset the stream with this error code, before any reply
//   goaway           a GOAWAY whose last-stream-id is below this stream (which
//                    therefore was not processed), then close the connection;
//                    on a connection's first stream, RST_STREAM REFUSED_STREAM
//   drop             destroy the connection without a reply
//
// Each stream leaves a record in `recent` (the last 200): {id, session, method,
// path, status, bytesWritten, closed, rstCode, openMs, closedMs}, times in ms
// since the server started, so a test can see how long a stream lived after
// the client gave up on it and how much was written to it.

const http2 = require('http2');
const http = require('http');
const fs = require('fs');

const {
    NGHTTP2_NO_ERROR,
    NGHTTP2_REFUSED_STREAM,
} = http2.constants;

function arg(name) {
    const i = process.argv.indexOf(name);
    return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : null;
}

const certFile = arg('--cert');
const keyFile = arg('--key');
const upstream = arg('--upstream') ? new URL(arg('--upstream')) : null;
if (!certFile || !keyFile) {
    process.stderr.write('usage: node server.js --cert FILE --key FILE [--upstream URL]\n');
    process.exit(2);
}

const started = process.hrtime.bigint();
const nowMs = () => Number((process.hrtime.bigint() - started) / 1000000n);

let state;
let faults;
function reset() {
    state = { sessions: 0, streams: 0, forwarded: 0, recent: [] };
    faults = [];
}
reset();

const upstreamAgent = new http.Agent({ keepAlive: true });

// The keys that choose a fault rather than say what it does.
const MATCHING_KEYS = new Set(['path', 'method', 'times', 'timesLeft']);

function takeFault(method, path) {
    for (let i = 0; i < faults.length; i++) {
        const f = faults[i];
        if (f.path !== undefined && !path.startsWith(f.path))
            continue;
        if (f.method !== undefined && f.method.toUpperCase() !== method.toUpperCase())
            continue;
        f.timesLeft = (f.timesLeft === undefined ? (f.times === undefined ? 1 : f.times) : f.timesLeft) - 1;
        if (f.timesLeft <= 0)
            faults.splice(i, 1);
        return f;
    }
    return null;
}

// Headers that belong to one HTTP/1.1 connection and are illegal in HTTP/2.
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'host']);

function respond(stream, rec, status, headers) {
    if (stream.destroyed || stream.closed)
        return false;
    rec.status = status;
    stream.respond(Object.assign({ ':status': status }, headers));
    return true;
}

function sendBody(stream, rec, body) {
    if (stream.destroyed || stream.closed)
        return;
    rec.bytesWritten += Buffer.byteLength(body);
    stream.end(body);
}

function canned(stream, rec, f) {
    const headers = Object.assign({}, f.headers || {});
    if (f.redirect !== undefined) {
        headers.location = f.redirect;
        if (respond(stream, rec, f.status || 302, headers))
            sendBody(stream, rec, '');
        return;
    }
    if (f.oversizeBytes !== undefined) {
        headers['content-type'] = 'application/json; charset=utf-8';
        if (respond(stream, rec, f.status || 200, headers))
            writeGenerated(stream, rec, f.oversizeBytes);
        return;
    }
    if (f.bigHeader !== undefined)
        headers['x-big'] = 'b'.repeat(f.bigHeader);
    if (f.manyHeaders !== undefined)
        for (let i = 0; i < f.manyHeaders.count; i++)
            headers['x-many-' + i] = 'm'.repeat(f.manyHeaders.bytes);
    headers['content-type'] = f.contentType || 'application/json; charset=utf-8';
    if (respond(stream, rec, f.status || 200, headers))
        sendBody(stream, rec, f.body !== undefined ? f.body : (f.status ? '' : '{"appConnections":[]}'));
}

// A JSON body of exactly n bytes, {"appConnections":[],"pad":"xxx..."}, written
// 64 KiB at a time, one piece per timer tick (at most about 64 MB/s) and
// never more while the stream has not drained. The pacing matters: while a
// socket write is pending, Node stops reading the connection, and would not
// notice a client that resets the stream or closes the connection.
function writeGenerated(stream, rec, n) {
    const head = '{"appConnections":[],"pad":"';
    const tail = '"}';
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let left = n;
    const write = () => {
        if (left === 0 || stream.destroyed || stream.closed)
            return;
        let piece;
        if (left === n && n >= head.length + tail.length)
            piece = Buffer.from(head);
        else if (left <= tail.length)
            piece = Buffer.from(tail.slice(tail.length - left));
        else
            piece = chunk.subarray(0, Math.min(chunk.length, left - tail.length));
        left -= piece.length;
        rec.bytesWritten += piece.length;
        const next = () => setTimeout(write, 1);
        if (left === 0)
            stream.end(piece);
        else if (stream.write(piece))
            next();
        else
            stream.once('drain', next);
    };
    write();
}

function forward(stream, rec, headers) {
    if (!upstream) {
        canned(stream, rec, { status: 502, body: '{"message":"no upstream"}' });
        return;
    }
    const out = {};
    for (const [k, v] of Object.entries(headers))
        if (!k.startsWith(':') && !hopByHop.has(k))
            out[k] = v;
    out.host = headers[':authority'] || upstream.host;
    state.forwarded++;
    const req = http.request({
        host: upstream.hostname,
        port: upstream.port,
        method: headers[':method'],
        path: headers[':path'],
        headers: out,
        agent: upstreamAgent,
        maxHeaderSize: 8 * 1024 * 1024,
    });
    let finished = false;
    req.on('response', (res) => {
        const h = {};
        for (const [k, v] of Object.entries(res.headers))
            if (!hopByHop.has(k))
                h[k] = v;
        if (!respond(stream, rec, res.statusCode, h)) {
            res.destroy();
            return;
        }
        res.on('data', (d) => {
            rec.bytesWritten += d.length;
            if (!stream.write(d)) {
                res.pause();
                stream.once('drain', () => res.resume());
            }
        });
        res.on('end', () => {
            finished = true;
            if (!stream.destroyed)
                stream.end();
        });
        res.on('error', () => stream.session && stream.session.destroy());
    });
    // The upstream cut the connection (the devserver's "drop", or a truncated
    // body): cut the client's connection too, as a dropped TCP connection would.
    req.on('error', () => {
        if (stream.session && !stream.session.destroyed)
            stream.session.destroy();
    });
    stream.on('close', () => { if (!finished) req.destroy(); });
    stream.pipe(req);
}

// RFC 9113 section 6.8: streams above a GOAWAY's last-stream-id were not
// processed. Node cannot announce a last-stream-id of 0 (it substitutes the
// last stream it saw), so the first stream of a connection is refused with
// RST_STREAM REFUSED_STREAM instead, section 8.7's other "not processed"
// signal; nghttp2 reports both to the client as REFUSED_STREAM.
function refuseWithGoaway(stream) {
    const session = stream.session;
    if (stream.id > 1)
        session.goaway(NGHTTP2_NO_ERROR, stream.id - 2);
    stream.close(NGHTTP2_REFUSED_STREAM);
    if (stream.id > 1)
        session.close();
}

function onStream(stream, headers) {
    const method = headers[':method'];
    const fullPath = headers[':path'] || '/';
    const path = fullPath.split('?')[0];
    const rec = {
        id: stream.id, session: stream.session.ordinal, method, path, status: 0, bytesWritten: 0,
        closed: false, rstCode: null, openMs: nowMs(), closedMs: null,
    };
    state.streams++;
    state.recent.push(rec);
    if (state.recent.length > 200)
        state.recent.shift();
    stream.on('close', () => {
        rec.closed = true;
        rec.rstCode = stream.rstCode === undefined ? null : stream.rstCode;
        rec.closedMs = nowMs();
    });
    stream.on('error', () => {});

    const f = takeFault(method, path);
    const act = () => {
        if (stream.destroyed || stream.closed)
            return;
        if (!f || Object.keys(f).every((k) => MATCHING_KEYS.has(k) || k === 'delayMs'))
            return forward(stream, rec, headers);
        if (f.drop)
            return stream.session.destroy();
        if (f.goaway)
            return refuseWithGoaway(stream);
        if (f.rst !== undefined)
            return stream.close(f.rst);
        // A canned reply: the request body is not needed.
        stream.resume();
        canned(stream, rec, f);
    };
    if (f && f.delayMs)
        setTimeout(act, f.delayMs);
    else
        act();
}

const server = http2.createSecureServer({
    cert: fs.readFileSync(certFile),
    key: fs.readFileSync(keyFile),
    allowHTTP1: false,
    // Room for the oversized header tests: the client, not this server, must refuse them.
    maxSendHeaderBlockLength: 16 * 1024 * 1024,
    settings: { maxHeaderListSize: 1024 * 1024 },
});
let sessionOrdinal = 0;
server.on('session', (session) => {
    state.sessions++;
    session.ordinal = ++sessionOrdinal;
    session.on('error', () => {});
});
server.on('stream', onStream);
server.on('unknownProtocol', (socket) => socket.destroy());
server.on('sessionError', () => {});

function readJson(req, cb) {
    let data = '';
    req.on('data', (d) => { data += d; });
    req.on('end', () => {
        try {
            cb(null, data ? JSON.parse(data) : {});
        } catch (e) {
            cb(e);
        }
    });
}

const control = http.createServer((req, res) => {
    const reply = (status, obj) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
    };
    if (req.method === 'GET' && req.url === '/state')
        return reply(200, Object.assign({ faultsQueued: faults.length }, state));
    if (req.method === 'POST' && req.url === '/reset') {
        reset();
        return reply(200, { ok: true });
    }
    if (req.method === 'DELETE' && req.url === '/faults') {
        faults = [];
        return reply(200, { ok: true });
    }
    if (req.method === 'POST' && req.url === '/faults')
        return readJson(req, (err, body) => {
            if (err || !Array.isArray(body.faults))
                return reply(400, { error: 'expected {"faults": [...]}' });
            faults.push(...body.faults);
            reply(200, { queued: faults.length });
        });
    reply(404, { error: 'no such control route' });
});

server.listen(0, '127.0.0.1', () => {
    control.listen(0, '127.0.0.1', () => {
        process.stdout.write(`H2_URL=https://127.0.0.1:${server.address().port}\n` +
                             `H2_CONTROL_URL=http://127.0.0.1:${control.address().port}\n` +
                             'H2_READY=1\n');
    });
});

process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
