// The sandbox's stand-in for Atlassian's all.js: the same AP calls, answered by the host page over postMessage.
(function () {
  "use strict";
  const pending = new Map();
  let nextId = 1;

  function call(method, args) {
    return new Promise(resolve => {
      const id = nextId++;
      pending.set(id, resolve);
      window.parent.postMessage({ connectSandbox: true, id, method, args }, "*");
    });
  }

  window.addEventListener("message", event => {
    const data = event.data;
    if (event.source !== window.parent || !data || !data.connectSandboxReply || !pending.has(data.id)) return;
    pending.get(data.id)(data.result);
    pending.delete(data.id);
  });

  const height = () => Math.ceil(document.documentElement.scrollHeight);

  window.AP = {
    context: {
      getToken(callback) {
        const token = call("getToken");
        if (callback) token.then(callback);
        return token;
      },
    },
    resize(width, h) { call("resize", { width, height: h ? parseInt(h, 10) : height() }); },
    sizeToParent() { call("resize", { height: height() }); },
    flag: {
      create(options) {
        call("flag", options);
        return { close() {} };
      },
    },
    dialog: {
      create(options) { call("dialog", options); return { on() { return this; } }; },
      close(data) { call("dialogClose", data); },
    },
    // Connect's history module: an object with a query puts ac.-prefixed parameters in the host page's URL.
    history: {
      pushState(state) { call("history", { state, push: true }); },
      replaceState(state) { call("history", { state, push: false }); },
      popState() {},
    },
    navigator: {
      go(target, context) { call("navigate", { target, context }); },
    },
  };

  window.addEventListener("load", () => window.AP.resize());
})();
