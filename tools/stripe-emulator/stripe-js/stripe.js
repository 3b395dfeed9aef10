// Test Stripe.js, part 2 of 2: `window.Stripe`, API calls to the emulator, confirm flows.
// Shape follows what @stripe/react-stripe-js 7 and @stripe/stripe-js 10 expect (see
// shared/STRIPE-NOTES.md): a plain function (no `new`), Stripe.version = 'endive', and an
// instance without `then`. Results mirror Stripe.js: `{ paymentIntent }`, `{ setupIntent }`,
// `{ paymentMethod }` or `{ error: { type, code, decline_code, message, ... } }`.

var API_VERSION = '2026-10-28.endive';

function encodeForm(params, prefix, out) {
  out = out || [];
  Object.keys(params).forEach(function (key) {
    var value = params[key];
    var name = prefix ? prefix + '[' + key + ']' : key;
    if (value === undefined || value === null) return;
    if (typeof value === 'object') encodeForm(value, name, out);
    else out.push(encodeURIComponent(name) + '=' + encodeURIComponent(String(value)));
  });
  return out.join('&');
}

function intentIdOf(clientSecret) {
  return String(clientSecret || '').split('_secret_')[0];
}

function toError(err, extra) {
  var e = Object.assign({ type: 'api_error', message: 'An unknown error occurred.' }, err || {});
  delete e.request_log_url;
  return Object.assign(e, extra || {});
}

// Embedded Checkout stand-in: a plain card-number field and a Pay button in place of Stripe's
// iframe. Completing calls the emulator's `_complete`, then follows the session's return_url.
var TEST_TOKENS = { '4242424242424242': 'pm_card_visa', '4000000000009995': 'pm_card_chargeDeclinedInsufficientFunds', '4000000000000002': 'pm_card_chargeDeclined' };

function embeddedCheckoutPage(api, opts) {
  var secretP = opts.clientSecret ? Promise.resolve(opts.clientSecret) : typeof opts.fetchClientSecret === 'function' ? Promise.resolve(opts.fetchClientSecret()) : Promise.reject(new Error('createEmbeddedCheckoutPage needs clientSecret or fetchClientSecret.'));
  return secretP.then(function (secret) {
    var id = intentIdOf(secret);
    return api('GET', '/v1/checkout/sessions/' + id, { client_secret: secret }).then(function (res) {
      if (!res.ok) throw new Error((res.body.error && res.body.error.message) || 'Checkout Session not found.');
      var session = res.body;
      var root = null;
      function render() {
        if (!root) return;
        root.innerHTML = '';
        var box = document.createElement('div');
        box.setAttribute('data-testid', 'embedded-checkout');
        box.style.cssText = 'border:1px solid #cbd5e1;border-radius:8px;padding:16px;font:14px system-ui';
        var title = document.createElement('p');
        title.textContent = 'Test Checkout (Stripe emulator) — ' + ((session.amount_total || 0) / 100).toFixed(2) + ' ' + String(session.currency || '').toUpperCase();
        var label = document.createElement('label');
        label.textContent = 'Card number';
        label.style.display = 'block';
        var input = document.createElement('input');
        input.value = '4242 4242 4242 4242';
        input.style.cssText = 'display:block;width:100%;margin-top:4px;padding:6px;border:1px solid #94a3b8;border-radius:6px';
        label.appendChild(input);
        var error = document.createElement('p');
        error.setAttribute('role', 'alert');
        error.style.color = '#b91c1c';
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = session.mode === 'subscription' ? 'Subscribe' : 'Pay';
        button.style.cssText = 'margin-top:12px;padding:8px 14px;border-radius:6px;background:#1d4ed8;color:#fff;font-weight:600';
        button.onclick = function () {
          button.disabled = true;
          var number = input.value.replace(/\s+/g, '');
          api('POST', '/v1/checkout/sessions/' + id + '/_complete', { client_secret: secret, payment_method: TEST_TOKENS[number] || 'pm_card_visa' }).then(function (r) {
            if (!r.ok) {
              error.textContent = (r.body.error && r.body.error.message) || 'The payment failed.';
              button.disabled = false;
              return;
            }
            if (typeof opts.onComplete === 'function') opts.onComplete();
            else if (session.return_url) window.location.assign(String(session.return_url).replace('{CHECKOUT_SESSION_ID}', id));
          });
        };
        box.appendChild(title);
        box.appendChild(label);
        box.appendChild(button);
        box.appendChild(error);
        root.appendChild(box);
      }
      return {
        mount: function (node) {
          root = typeof node === 'string' ? document.querySelector(node) : node;
          render();
        },
        unmount: function () {
          if (root) root.innerHTML = '';
        },
        destroy: function () {
          if (root) root.innerHTML = '';
          root = null;
        },
      };
    });
  });
}

function createInstance(key, options) {
  function api(method, path, params) {
    var body = method === 'GET' ? '' : encodeForm(params || {});
    var url = ORIGIN + path + (method === 'GET' && params ? '?' + encodeForm(params) : '');
    var headers = { Authorization: 'Bearer ' + key, 'Content-Type': 'application/x-www-form-urlencoded', 'Stripe-Version': options.apiVersion || API_VERSION };
    // Connect (direct charges): Stripe(platformPk, { stripeAccount }) acts in the connected account.
    if (options.stripeAccount) headers['Stripe-Account'] = options.stripeAccount;
    return fetch(url, {
      method: method,
      headers: headers,
      body: method === 'GET' ? undefined : body,
    }).then(
      function (res) { return res.json().then(function (json) { return { ok: res.ok, body: json }; }); },
      function () { return { ok: false, body: { error: { type: 'api_connection_error', message: 'Could not reach the Stripe emulator at ' + ORIGIN + '.' } } }; },
    );
  }

  function cardFrom(elementsOrElement) {
    var el = elementsOrElement && elementsOrElement._cardElement ? elementsOrElement._cardElement() : elementsOrElement;
    if (!el || !el._read) return { error: { type: 'validation_error', code: 'incomplete', message: 'The payment form is not mounted.' } };
    var s = el._read();
    if (s.error) return { error: { type: 'validation_error', code: s.error.code, message: s.error.message } };
    return { data: { type: 'card', card: s.card, billing_details: { address: { postal_code: s.postalCode } } } };
  }

  function navigate(returnUrl, kind, intent, status) {
    var url = new URL(returnUrl, window.location.href);
    url.searchParams.set(kind, intent.id);
    url.searchParams.set(kind + '_client_secret', intent.client_secret);
    url.searchParams.set('redirect_status', status);
    window.location.assign(url.toString());
    return new Promise(function () {}); // the page is going away, as with real Stripe.js
  }

  function amountText(intent) {
    return typeof intent.amount === 'number' ? (intent.amount / 100).toFixed(2) + ' ' + String(intent.currency).toUpperCase() : '';
  }

  /** Shared by confirmPayment/confirmSetup/confirmCard*: kind is 'payment_intent' | 'setup_intent'. */
  function confirm(kind, args) {
    var path = kind === 'payment_intent' ? '/v1/payment_intents/' : '/v1/setup_intents/';
    var elements = args.elements;
    var clientSecret = args.clientSecret || (elements && elements._options.clientSecret);
    var cp = args.confirmParams || {};
    var redirect = args.redirect || 'always';
    if (!clientSecret) return Promise.resolve({ error: { type: 'invalid_request_error', code: 'missing_client_secret', message: 'Missing clientSecret: pass it to elements() or to confirm.' } });
    if (redirect === 'always' && !cp.return_url) return Promise.resolve({ error: { type: 'invalid_request_error', code: 'missing_return_url', message: 'confirmParams.return_url is required when redirect is "always".' } });
    // Real Stripe.js confirms with use_stripe_sdk=true, so 3-D Secure comes back as an in-page action.
    var params = { client_secret: clientSecret, return_url: cp.return_url, use_stripe_sdk: true };
    if (typeof cp.payment_method === 'string') params.payment_method = cp.payment_method;
    else if (elements || args.cardElement) {
      var card = cardFrom(args.cardElement || elements);
      if (card.error) return Promise.resolve(card);
      params.payment_method_data = Object.assign(card.data, cp.payment_method_data ? { billing_details: cp.payment_method_data.billing_details } : {});
    }
    if (kind === 'payment_intent') {
      if (cp.save_payment_method === true) params.setup_future_usage = 'off_session';
      if (cp.setup_future_usage) params.setup_future_usage = cp.setup_future_usage;
      if (cp.receipt_email) params.receipt_email = cp.receipt_email;
    }
    var id = intentIdOf(clientSecret);
    return api('POST', path + id + '/confirm', params).then(function (res) {
      if (!res.ok) return { error: toError(res.body.error) };
      return finish(kind, res.body, clientSecret, redirect, cp.return_url);
    });
  }

  function finish(kind, intent, clientSecret, redirect, returnUrl) {
    var resultKey = kind === 'payment_intent' ? 'paymentIntent' : 'setupIntent';
    var path = kind === 'payment_intent' ? '/v1/payment_intents/' : '/v1/setup_intents/';
    var step = Promise.resolve({ intent: intent, authenticated: false });
    if (intent.status === 'requires_action') {
      step = showThreeDSecureDialog(amountText(intent)).then(function (outcome) {
        return api('POST', path + intent.id + '/_authenticate', { client_secret: clientSecret, outcome: outcome }).then(function (res) {
          return { intent: res.ok ? res.body : intent, authenticated: true, error: res.ok ? null : res.body.error };
        });
      });
    }
    return step.then(function (s) {
      var ok = s.intent.status === 'succeeded' || s.intent.status === 'processing' || s.intent.status === 'requires_capture';
      if (!ok) {
        if (redirect === 'always' && returnUrl && s.authenticated) return navigate(returnUrl, kind, s.intent, 'failed');
        var extra = {};
        extra[kind] = s.intent;
        var last = s.intent.last_payment_error || s.intent.last_setup_error || {};
        return { error: toError(s.error || { type: 'invalid_request_error', code: last.code || 'payment_intent_authentication_failure', message: last.message || 'We are unable to authenticate your payment method. Please choose a different payment method and try again.' }, extra) };
      }
      if (redirect !== 'if_required' && returnUrl) return navigate(returnUrl, kind, s.intent, 'succeeded');
      var result = {};
      result[resultKey] = s.intent;
      return result;
    });
  }

  function retrieve(kind, clientSecret) {
    var resultKey = kind === 'payment_intent' ? 'paymentIntent' : 'setupIntent';
    var path = kind === 'payment_intent' ? '/v1/payment_intents/' : '/v1/setup_intents/';
    return api('GET', path + intentIdOf(clientSecret), { client_secret: clientSecret }).then(function (res) {
      var out = {};
      if (res.ok) out[resultKey] = res.body;
      else out.error = toError(res.body.error);
      return out;
    });
  }

  function legacyConfirm(kind, clientSecret, data) {
    data = data || {};
    var pm = data.payment_method;
    var args = { clientSecret: clientSecret, redirect: 'if_required', confirmParams: { return_url: data.return_url } };
    if (typeof pm === 'string') args.confirmParams.payment_method = pm;
    else if (pm && pm.card) args.cardElement = pm.card;
    if (data.setup_future_usage) args.confirmParams.setup_future_usage = data.setup_future_usage;
    return confirm(kind, args);
  }

  var instance = {
    elements: function (opts) { return createElementsGroup(instance, opts); },
    confirmPayment: function (args) { return confirm('payment_intent', args || {}); },
    confirmSetup: function (args) { return confirm('setup_intent', args || {}); },
    confirmCardPayment: function (clientSecret, data) { return legacyConfirm('payment_intent', clientSecret, data); },
    confirmCardSetup: function (clientSecret, data) { return legacyConfirm('setup_intent', clientSecret, data); },
    retrievePaymentIntent: function (clientSecret) { return retrieve('payment_intent', clientSecret); },
    retrieveSetupIntent: function (clientSecret) { return retrieve('setup_intent', clientSecret); },
    handleNextAction: function (args) {
      var secret = (args || {}).clientSecret;
      var kind = String(secret).indexOf('seti_') === 0 ? 'setup_intent' : 'payment_intent';
      return retrieve(kind, secret).then(function (r) {
        var intent = r.paymentIntent || r.setupIntent;
        // Confirmed on the server without use_stripe_sdk: Stripe.js sends the customer to the hosted page.
        var redirect = intent && intent.next_action && intent.next_action.type === 'redirect_to_url' && intent.next_action.redirect_to_url;
        if (redirect && redirect.url) {
          window.location.assign(redirect.url);
          return new Promise(function () {});
        }
        return intent ? finish(kind, intent, secret, 'if_required') : r;
      });
    },
    handleCardAction: function (clientSecret) { return instance.handleNextAction({ clientSecret: clientSecret }); },
    createPaymentMethod: function (args) {
      args = args || {};
      var card = cardFrom(args.elements || args.card);
      if (card.error) return Promise.resolve(card);
      var billing = (args.params && args.params.billing_details) || args.billing_details;
      if (billing) card.data.billing_details = billing;
      return api('POST', '/v1/payment_methods', card.data).then(function (res) {
        return res.ok ? { paymentMethod: res.body } : { error: toError(res.body.error) };
      });
    },
    createToken: function () {
      return Promise.resolve({ error: { type: 'invalid_request_error', message: 'createToken is not supported by the Stripe emulator; use PaymentMethods.' } });
    },
    createEmbeddedCheckoutPage: function (opts) {
      return embeddedCheckoutPage(api, opts || {});
    },
    _registerWrapper: function () {},
    registerAppInfo: function () {},
  };
  return instance;
}

function Stripe(key, options) {
  if (typeof key !== 'string' || !/^pk_(test|live)_/.test(key)) {
    throw new Error('Stripe emulator: Stripe() needs a publishable key (pk_test_… or pk_live_…), got ' + (typeof key === 'string' && key.indexOf('sk_') === 0 ? 'a secret key' : String(key)) + '.');
  }
  return createInstance(key, options || {});
}
Stripe.version = 'endive';
Stripe.emulatorOrigin = ORIGIN;
window.Stripe = Stripe;
