// Test Stripe.js, part 1 of 2: the card form, Elements group, and the 3-D Secure dialog.
// serve.ts concatenates elements.js + stripe.js inside one IIFE (shared scope, no build step).
// It draws plain, labelled DOM fields (no iframes) so Playwright can fill them by label.

var FONT = '15px -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
var elementCounter = 0;

function css(node, styles) {
  Object.assign(node.style, styles);
  return node;
}

function h(tag, attrs, styles, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) {
    if (k === 'text') node.textContent = attrs[k];
    else node.setAttribute(k, attrs[k]);
  });
  css(node, styles || {});
  (children || []).forEach(function (c) { node.appendChild(c); });
  return node;
}

function luhn(digits) {
  var sum = 0;
  for (var i = 0; i < digits.length; i++) {
    var d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Reads and validates the four fields; returns {complete, empty, error, card}. */
function readCard(fields) {
  var number = fields.number.value.replace(/\D/g, '');
  var exp = fields.exp.value.replace(/[^\d]/g, '');
  var cvc = fields.cvc.value.replace(/\D/g, '');
  var zip = fields.zip.value.trim();
  var empty = !number && !exp && !cvc && !zip;
  var month = Number(exp.slice(0, 2));
  var year = 2000 + Number(exp.slice(2, 4));
  var now = new Date();
  var error = null;
  if (number.length < 13) error = { code: 'incomplete_number', message: 'Your card number is incomplete.', field: 'number' };
  else if (!luhn(number)) error = { code: 'invalid_number', message: 'Your card number is invalid.', field: 'number' };
  else if (exp.length < 4) error = { code: 'incomplete_expiry', message: "Your card's expiration date is incomplete.", field: 'exp' };
  else if (month < 1 || month > 12) error = { code: 'invalid_expiry_month', message: "Your card's expiration month is invalid.", field: 'exp' };
  else if (year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1)) {
    error = { code: 'invalid_expiry_year_past', message: "Your card's expiration year is in the past.", field: 'exp' };
  } else if (cvc.length < 3) error = { code: 'incomplete_cvc', message: "Your card's security code is incomplete.", field: 'cvc' };
  else if (zip.length < 3) error = { code: 'incomplete_zip', message: 'Your postal code is incomplete.', field: 'zip' };
  return {
    complete: !error,
    empty: empty,
    error: error,
    card: { number: number, exp_month: month, exp_year: year, cvc: cvc },
    postalCode: zip,
  };
}

function formatNumber(value) {
  return value.replace(/\D/g, '').slice(0, 19).replace(/(.{4})/g, '$1 ').trim();
}

function formatExpiry(value) {
  var d = value.replace(/\D/g, '').slice(0, 4);
  return d.length > 2 ? d.slice(0, 2) + ' / ' + d.slice(2) : d;
}

function createElement(group, type, options) {
  var listeners = {};
  var root = null;
  var fields = null;
  var errorBox = null;
  var destroyed = false;
  var id = ++elementCounter;

  function emit(name, payload) {
    (listeners[name] || []).slice().forEach(function (fn) { try { fn(payload); } catch (e) { setTimeout(function () { throw e; }); } });
  }
  function state() { return fields ? readCard(fields) : { complete: false, empty: true, error: null }; }
  function showError(err) {
    if (!errorBox) return;
    errorBox.textContent = err ? err.message : '';
    errorBox.style.display = err ? 'block' : 'none';
    ['number', 'exp', 'cvc', 'zip'].forEach(function (f) {
      var bad = err && err.field === f;
      fields[f].setAttribute('aria-invalid', bad ? 'true' : 'false');
      fields[f].style.borderColor = bad ? '#df1b41' : '#d0d5dd';
    });
  }
  function input(label, name, autocomplete, placeholder, flex) {
    var inputId = '__stripe_emulator_' + name + '_' + id;
    var field = h('input', { id: inputId, name: name, type: 'text', inputmode: 'numeric', autocomplete: autocomplete, placeholder: placeholder, 'aria-invalid': 'false' }, {
      width: '100%', boxSizing: 'border-box', padding: '10px 12px', border: '1px solid #d0d5dd', borderRadius: '6px', font: FONT, color: '#1a1f36', background: '#fff',
    });
    if (name === 'zip') field.setAttribute('inputmode', 'text');
    var wrap = h('div', {}, { flex: flex, minWidth: '0', display: 'flex', flexDirection: 'column', gap: '4px' }, [
      h('label', { for: inputId, text: label }, { font: FONT, fontSize: '14px', color: '#30313d' }),
      field,
    ]);
    return { wrap: wrap, field: field };
  }

  var element = {
    elementType: type,
    mount: function (target) {
      var node = typeof target === 'string' ? document.querySelector(target) : target;
      if (!node) throw new Error('Stripe emulator: mount target not found: ' + String(target));
      if (root) root.remove();
      if (type !== 'payment' && type !== 'card') {
        root = h('div', { 'data-stripe-emulator-element': type }, { font: FONT, color: '#6b7280' });
        node.appendChild(root);
        setTimeout(function () { emit('ready', { elementType: type }); }, 0);
        return;
      }
      var num = input('Card number', 'number', 'cc-number', '1234 1234 1234 1234', '1 1 100%');
      var exp = input('Expiration (MM / YY)', 'exp', 'cc-exp', 'MM / YY', '1 1 30%');
      var cvc = input('CVC', 'cvc', 'cc-csc', 'CVC', '1 1 20%');
      var zip = input('ZIP', 'zip', 'postal-code', '12345', '1 1 25%');
      fields = { number: num.field, exp: exp.field, cvc: cvc.field, zip: zip.field };
      errorBox = h('div', { role: 'alert' }, { display: 'none', color: '#df1b41', font: FONT, fontSize: '14px' });
      root = h('fieldset', { 'data-stripe-emulator-element': type }, {
        border: '1px solid #e6e6e6', borderRadius: '8px', padding: '14px', margin: '0', display: 'flex', flexWrap: 'wrap', gap: '12px', font: FONT, background: '#fafafa',
      }, [
        h('legend', { text: 'Card details' }, { font: FONT, fontSize: '14px', fontWeight: '600', padding: '0 4px' }),
        num.wrap, exp.wrap, cvc.wrap, zip.wrap, errorBox,
        h('div', { text: 'Test card form (Stripe emulator)' }, { flex: '1 1 100%', fontSize: '12px', color: '#6b7280' }),
      ]);
      fields.number.addEventListener('input', function () { fields.number.value = formatNumber(fields.number.value); });
      fields.exp.addEventListener('input', function () { fields.exp.value = formatExpiry(fields.exp.value); });
      Object.keys(fields).forEach(function (k) {
        fields[k].addEventListener('input', function () {
          var s = state();
          if (s.complete) showError(null);
          emit('change', { elementType: type, complete: s.complete, empty: s.empty, collapsed: false, value: { type: 'card' }, error: undefined });
        });
        fields[k].addEventListener('focus', function () { emit('focus', { elementType: type }); });
        fields[k].addEventListener('blur', function () { emit('blur', { elementType: type }); });
      });
      node.appendChild(root);
      // A synchronous 'ready' would be lost: react-stripe-js subscribes after mount returns.
      setTimeout(function () { if (!destroyed) emit('ready', { elementType: type }); }, 0);
    },
    unmount: function () { if (root) root.remove(); root = null; fields = null; errorBox = null; },
    destroy: function () { element.unmount(); destroyed = true; group._forget(element); },
    on: function (name, fn) { (listeners[name] = listeners[name] || []).push(fn); return element; },
    off: function (name, fn) {
      if (!fn) delete listeners[name];
      else listeners[name] = (listeners[name] || []).filter(function (f) { return f !== fn; });
      return element;
    },
    once: function (name, fn) {
      var wrapped = function (e) { element.off(name, wrapped); fn(e); };
      return element.on(name, wrapped);
    },
    update: function (changes) { Object.assign(options, changes || {}); },
    focus: function () { if (fields) fields.number.focus(); },
    blur: function () { if (fields && document.activeElement) document.activeElement.blur(); },
    clear: function () { if (fields) Object.keys(fields).forEach(function (k) { fields[k].value = ''; }); },
    collapse: function () {},
    /** Used by confirm*: the card data, or a validation error shown under the form. */
    _read: function () {
      var s = state();
      showError(s.error);
      return s;
    },
  };
  return element;
}

function createElementsGroup(instance, options) {
  var opts = Object.assign({}, options || {});
  var elements = {};
  var group = {
    _options: opts,
    create: function (type, elementOptions) {
      var el = createElement(group, type, Object.assign({}, elementOptions || {}));
      elements[type] = el;
      return el;
    },
    getElement: function (type) { return elements[type] || null; },
    update: function (changes) { Object.assign(opts, changes || {}); return Promise.resolve(); },
    fetchUpdates: function () { return Promise.resolve({}); },
    submit: function () {
      var el = group._cardElement();
      if (!el) return Promise.resolve({ error: { type: 'validation_error', code: 'incomplete', message: 'The payment form is not mounted.' } });
      var s = el._read();
      return Promise.resolve(s.error ? { error: { type: 'validation_error', code: s.error.code, message: s.error.message } } : {});
    },
    on: function () {},
    _cardElement: function () { return elements.payment || elements.card || null; },
    _forget: function (el) { Object.keys(elements).forEach(function (k) { if (elements[k] === el) delete elements[k]; }); },
  };
  return group;
}

/** In-page stand-in for the bank's 3DS challenge; resolves 'approve' or 'fail'. */
function showThreeDSecureDialog(amountText) {
  return new Promise(function (resolve) {
    var overlay = h('div', { 'data-stripe-emulator': '3ds' }, {
      position: 'fixed', inset: '0', background: 'rgba(15, 23, 42, 0.55)', display: 'flex', alignItems: 'center', justifyContent: 'center', zIndex: '2147483647',
    });
    var btn = function (text, primary) {
      return h('button', { type: 'button', text: text }, {
        font: FONT, padding: '10px 16px', borderRadius: '6px', cursor: 'pointer', border: primary ? '1px solid #635bff' : '1px solid #d0d5dd',
        background: primary ? '#635bff' : '#fff', color: primary ? '#fff' : '#1a1f36',
      });
    };
    var approve = btn('Complete authentication', true);
    var fail = btn('Fail authentication', false);
    var dialog = h('div', { role: 'dialog', 'aria-modal': 'true', 'aria-label': '3D Secure authentication' }, {
      background: '#fff', borderRadius: '10px', padding: '24px', maxWidth: '380px', width: '90%', font: FONT, color: '#1a1f36', boxShadow: '0 10px 30px rgba(0,0,0,0.25)',
    }, [
      h('h2', { text: '3D Secure authentication' }, { margin: '0 0 8px', fontSize: '18px' }),
      h('p', { text: 'Test bank challenge (Stripe emulator)' + (amountText ? ' for ' + amountText : '') + '. Choose how this authentication ends.' }, { margin: '0 0 16px', fontSize: '14px', color: '#4b5563' }),
      h('div', {}, { display: 'flex', gap: '8px', flexWrap: 'wrap' }, [approve, fail]),
    ]);
    overlay.appendChild(dialog);
    function done(outcome) { overlay.remove(); document.removeEventListener('keydown', onKey, true); resolve(outcome); }
    function onKey(e) { if (e.key === 'Escape') done('fail'); }
    approve.addEventListener('click', function () { done('approve'); });
    fail.addEventListener('click', function () { done('fail'); });
    document.addEventListener('keydown', onKey, true);
    document.body.appendChild(overlay);
    approve.focus();
  });
}
