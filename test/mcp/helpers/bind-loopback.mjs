/**
 * Preloaded (`node --import`) into an MCP server started by the tests: a
 * `listen(port)` without a host binds 127.0.0.1 only (not every interface),
 * and once it listens the real address is printed to stderr as
 * `LOOPBACK_LISTENING <host>:<port>`, so `PORT=0` (any free port) works
 * without guessing a free port first.
 */
import net from "node:net";

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const [first, second] = args;
  const isPort = typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first));
  if (isPort && typeof second !== "string") args.splice(1, 0, "127.0.0.1");
  this.once("listening", () => {
    const address = this.address();
    if (address && typeof address === "object") process.stderr.write(`LOOPBACK_LISTENING ${address.address}:${address.port}\n`);
  });
  return listen.apply(this, args);
};
