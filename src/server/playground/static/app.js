// Playground bootstrap, served as /playground/assets/app.js. Plain browser
// JavaScript with no build step: React, ReactDOM and GraphiQL are the UMD
// globals of the script tags before this one. The CSP forbids inline scripts,
// so the settings (endpoint, examples, dev token) come from config.json. A
// pasted token lives in sessionStorage, and only until its exp.
(function () {
  'use strict';

  var TOKEN_KEY = 'assist-hub.playground.token';
  var tokenInput = document.getElementById('ah-token');
  var exampleSelect = document.getElementById('ah-example');
  var mount = document.getElementById('graphiql');
  // Next to this script, wherever the page itself is served (/ or /graphql).
  var configUrl = new URL('config.json', document.currentScript.src);
  // setTimeout's longest delay (about 24.8 days); tokens live 24 hours at most.
  var MAX_DELAY_MS = 2147483647;
  var expiryTimer = null;

  // The pasted token is kept for this tab only (sessionStorage: gone when the
  // tab closes, never shared with other tabs or written for later sessions),
  // and never past its own `exp`. sessionStorage throws when storage is
  // disabled; the field then just forgets.
  function stored() {
    try { return sessionStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; }
  }
  function store(value) {
    try {
      if (value) sessionStorage.setItem(TOKEN_KEY, value);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch (e) { /* see stored() */ }
  }

  // Seconds since the epoch when a JWT expires, from its payload (not
  // verified: the hub does that; this only decides when to forget it). Null
  // for anything without a readable numeric exp, such as an API key.
  function expiryOf(token) {
    var parts = token.replace(/^Bearer\s+/i, '').split('.');
    if (parts.length !== 3) return null;
    try {
      var base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
      while (base64.length % 4) base64 += '=';
      var payload = JSON.parse(atob(base64));
      return typeof payload.exp === 'number' ? payload.exp : null;
    } catch (e) {
      return null;
    }
  }
  function expired(token) {
    var exp = expiryOf(token);
    return exp !== null && exp * 1000 <= Date.now();
  }

  // Keeps a token in storage until its exp, and drops it (storage and field)
  // when that comes; an already expired token is not kept at all.
  function keep(token) {
    if (expiryTimer !== null) { clearTimeout(expiryTimer); expiryTimer = null; }
    if (!token || expired(token)) { store(''); return; }
    store(token);
    var exp = expiryOf(token);
    if (exp === null) return;
    expiryTimer = setTimeout(function () {
      expiryTimer = null;
      if (stored() === token) store('');
      if (currentToken() === token.replace(/^Bearer\s+/i, '')) tokenInput.value = '';
    }, Math.min(Math.max(exp * 1000 - Date.now(), 0), MAX_DELAY_MS));
  }

  // An expired token left by an earlier page of this tab is dropped before anything reads it.
  function restored() {
    var token = stored();
    if (token && expired(token)) { store(''); return ''; }
    return token;
  }

  // Tolerates a pasted "Bearer xyz" as well as the bare token.
  function currentToken() {
    return tokenInput.value.trim().replace(/^Bearer\s+/i, '');
  }

  // Wraps fetch so the header is read from the field at request time: a token
  // pasted just before pressing Run is used without any re-render.
  function authorizedFetch(url, init) {
    var headers = new Headers(init && init.headers);
    headers.set('Content-Type', 'application/json');
    // Apollo Server's CSRF prevention refuses requests a cross-site form could
    // forge; this header makes the request non-simple and so lets it through.
    headers.set('apollo-require-preflight', 'true');
    var token = currentToken();
    // An Authorization typed into GraphiQL's Headers tab wins: it is the more
    // specific, per-tab choice (e.g. trying another role for one query).
    if (token && !headers.has('Authorization')) headers.set('Authorization', 'Bearer ' + token);
    return window.fetch(url, Object.assign({}, init, { headers: headers, credentials: 'same-origin' }));
  }

  function variablesText(example) {
    return example.variables ? JSON.stringify(example.variables, null, 2) : '';
  }

  function showError(message) {
    mount.textContent = 'The playground could not start: ' + message;
  }

  function start(config) {
    var examples = config.examples || [];
    var root = ReactDOM.createRoot(mount);
    var props = {
      fetcher: null,
      // Used only when the browser has no saved GraphiQL tabs yet (first visit).
      defaultQuery: examples.length ? examples[0].query : undefined,
      defaultTabs: examples.length
        ? examples.map(function (e) { return { query: e.query, variables: variablesText(e) }; })
        : undefined,
      query: undefined,
      variables: undefined,
    };

    // A new fetcher object makes GraphiQL fetch the schema again, so changing
    // the token (which may change what the schema shows) refreshes the docs.
    function newFetcher() {
      return GraphiQL.createFetcher({ url: config.endpoint, fetch: authorizedFetch });
    }
    function render() {
      root.render(React.createElement(GraphiQL, props));
    }

    // A stored token is the user's last choice and wins over the dev token;
    // the dev token itself is not stored, so it is back once the field is cleared.
    var token = restored();
    if (token) keep(token);
    tokenInput.value = token || config.developmentToken || '';
    tokenInput.addEventListener('input', function () { keep(tokenInput.value.trim()); });
    tokenInput.addEventListener('change', function () {
      props = Object.assign({}, props, { fetcher: newFetcher() });
      render();
    });

    if (examples.length) {
      var placeholder = document.createElement('option');
      placeholder.value = '';
      placeholder.textContent = 'load into editor…';
      exampleSelect.appendChild(placeholder);
      examples.forEach(function (example, index) {
        var option = document.createElement('option');
        option.value = String(index);
        option.textContent = example.name;
        exampleSelect.appendChild(option);
      });
      document.getElementById('ah-examples').hidden = false;
      exampleSelect.addEventListener('change', function () {
        var example = examples[Number(exampleSelect.value)];
        exampleSelect.value = '';
        if (!example) return;
        // GraphiQL copies the query/variables props into the editors only when
        // they change. Render them synchronously, then drop them again, so
        // picking the same example after editing it loads it once more.
        props = Object.assign({}, props, { query: example.query, variables: variablesText(example) });
        ReactDOM.flushSync(render);
        props = Object.assign({}, props, { query: undefined, variables: undefined });
        render();
      });
    }

    props.fetcher = newFetcher();
    mount.textContent = '';
    render();
  }

  fetch(configUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(function (response) {
      if (!response.ok) throw new Error('config.json answered HTTP ' + response.status);
      return response.json();
    })
    .then(start)
    .catch(function (err) { showError(err && err.message ? err.message : String(err)); });
})();
