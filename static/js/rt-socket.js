// A websocket that comes back: exponential backoff with full jitter, paused while the
// browser is offline or the tab hidden for long, and given up on refusals (44xx) and
// policy closes, which retrying cannot fix.  Pushes only: the page stays the truth.

const FINAL_CODES = new Set([1008, 1009, 4008, 4009, 4401, 4403]);
const BASE_DELAY = 1000;
const MAX_DELAY = 30000;
const STABLE_AFTER = 10000; // an open socket this old resets the backoff

export function wsUrl(path) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}${path}`;
}

export class LiveSocket {
  constructor(path, { onMessage, onOpen, onFinal, onClose } = {}) {
    this.url = wsUrl(path);
    this.onMessage = onMessage || (() => {});
    this.onOpen = onOpen || (() => {});
    this.onFinal = onFinal || (() => {});
    this.onClose = onClose || (() => {});
    this.attempt = 0;
    this.socket = null;
    this.timer = null;
    this.stopped = false;
    this.openedAt = 0;
    window.addEventListener("online", () => this.soon(0));
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.soon(0);
    });
    window.addEventListener("pagehide", () => this.close());
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) {
        this.stopped = false; // restored from the back/forward cache
        this.attempt = 0;
        this.start();
      }
    });
  }

  start() {
    if (this.stopped || this.socket) return;
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (error) {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.openedAt = Date.now();
      this.onOpen(this.attempt > 0);
    });
    socket.addEventListener("message", (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (data && typeof data.type === "string") this.onMessage(data);
    });
    socket.addEventListener("close", (event) => {
      this.socket = null;
      if (this.openedAt && Date.now() - this.openedAt > STABLE_AFTER) this.attempt = 0;
      this.openedAt = 0;
      this.onClose(event.code);
      if (FINAL_CODES.has(event.code)) {
        this.stopped = true;
        this.onFinal(event.code);
        return;
      }
      this.retry();
    });
  }

  retry() {
    if (this.stopped) return;
    const ceiling = Math.min(MAX_DELAY, BASE_DELAY * 2 ** this.attempt);
    this.attempt += 1;
    this.soon(Math.random() * ceiling);
  }

  soon(delay) {
    if (this.stopped || this.socket) return;
    if (navigator.onLine === false) return; // the "online" event restarts us
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.start(), delay);
  }

  send(data) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(data));
      return true;
    }
    return false;
  }

  isOpen() {
    return Boolean(this.socket && this.socket.readyState === WebSocket.OPEN);
  }

  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.socket) this.socket.close(1000);
  }
}
