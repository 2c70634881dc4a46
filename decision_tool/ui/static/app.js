// The page script (furniture.page_top), installed once per browser tab. Loads nothing from outside.
(function () {
  if (window.__decisionToolPage) return;
  window.__decisionToolPage = true;
  var lastTop = null, lastErrors = null, lastSearch = null, restored = null, lastBind = null, lastSignin = null;
  var lostWhileSignedIn = false;
  // When the screen changed: since when its main heading is waited for, to be given the focus once drawn
  // (a page's heading may arrive after its marker, e.g. the result's outcome); 0: not waiting.
  var headingWanted = 0;
  function scrollTop() {
    window.scrollTo(0, 0);
    document.querySelectorAll('.stMain, .stAppViewContainer, section.main')
      .forEach(function (el) { el.scrollTop = 0; });
  }
  function fieldFor(id) {
    var anchor = document.getElementById('q-' + id);
    var box = anchor && anchor.closest('[class*="st-key-question-"]');
    if (!box) return null;
    return box.querySelector('input:checked') || box.querySelector('input, textarea, select');
  }
  // Error-summary links move focus to their field (GOV.UK); repeated clicks on a button count once (not on a number box's +/-),
  // so a double or triple click on Continue never lands on a later step.
  window.addEventListener('click', function (e) {
    var target = e.target && e.target.closest ? e.target : null;
    if (!target) return;
    // Links between steps (Check your answers' Change and Back) move within the app, as its own
    // navigation does, instead of reloading the page: a reload would start a new session.
    var nav = target.closest('a[data-dt-nav]');
    if (nav && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) {
      e.preventDefault();
      window.history.pushState({}, '', nav.href);
      window.dispatchEvent(new PopStateEvent('popstate'));
      return;
    }
    var link = target.closest('a[href^="#q-"]');
    if (link) {
      var field = fieldFor(link.getAttribute('href').slice(3));
      if (field) {
        e.preventDefault();
        e.stopPropagation();
        field.closest('[class*="st-key-question-"]').scrollIntoView({block: 'start'});
        field.focus({preventScroll: true});
      }
      return;
    }
    if (e.detail > 1 && target.closest('.stButton button, .stFormSubmitButton button, .stDownloadButton button')) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
  // This tab's screening: its id (never its answers) is kept for the tab's life, so Start opened without
  // it (the address typed again) still offers to continue the screening.
  function rememberDraft(onStart) {
    var params = new URLSearchParams(location.search), id = params.get('draft');
    try {
      if (id) { sessionStorage.setItem('dt-draft', id); return; }
      var kept = sessionStorage.getItem('dt-draft');
      if (!onStart || !kept || kept === restored) return;
      restored = kept;
      params.set('draft', kept);
      history.replaceState(history.state, '', location.pathname + '?' + params.toString());
      window.dispatchEvent(new PopStateEvent('popstate'));
    } catch (err) { /* storage turned off: a reload of Start still works from its address */ }
  }
  function setAttr(el, name, value) {
    if (value) { if (el.getAttribute(name) !== value) el.setAttribute(name, value); }
    else if (el.hasAttribute(name)) el.removeAttribute(name);
  }
  // Each question's hint and error belong to its answers (GOV.UK): screen readers read them with the
  // field (aria-describedby), an answer in error says so (aria-invalid), and a question's radio buttons
  // or tick boxes are one group named by the question as shown (aria-labelledby, as a fieldset's legend
  // names it; Streamlit's own name for a radio group is its Markdown label, escapes and all). Streamlit
  // draws the answers itself (a radio group is a div with role radiogroup, never a fieldset), so the
  // links are made here, on our own markup (.dt-question) and our keyed boxes (.st-key-question-...).
  function describeQuestions() {
    document.querySelectorAll('.stVerticalBlock[class*="st-key-question-"]').forEach(function (box, i) {
      var q = box.querySelector('.dt-question');
      if (!q) return;
      var parts = {label: q.querySelector('.dt-label'), hint: q.querySelector('.dt-hint'),
                   error: q.querySelector('.dt-field-error')};
      Object.keys(parts).forEach(function (k) { if (parts[k] && !parts[k].id) parts[k].id = 'dt-' + k + '-' + i; });
      var described = [parts.hint, parts.error].filter(Boolean).map(function (e) { return e.id; }).join(' ');
      var invalid = parts.error ? 'true' : '';
      var group = box.querySelector('[role="radiogroup"]');
      var boxes = box.querySelectorAll('input[type="checkbox"]');
      var fields = group ? [group] : (boxes.length ? [] : Array.from(box.querySelectorAll('input, textarea')));
      if (boxes.length) {
        setAttr(box, 'role', 'group');
        setAttr(box, 'aria-labelledby', parts.label && parts.label.id);
        setAttr(box, 'aria-describedby', described);
        boxes.forEach(function (b) { setAttr(b, 'aria-invalid', invalid); });
      }
      if (group) setAttr(group, 'aria-labelledby', parts.label && parts.label.id);
      fields.forEach(function (f) {
        setAttr(f, 'aria-describedby', described);
        setAttr(f, 'aria-invalid', invalid);
      });
    });
  }
  // A download whose file could not be made is pressed again for the person once the page has settled.
  // It happens when a press reaches the server with the page's previous drawing still on screen (a slow
  // network, or a detail typed just before): Streamlit has by then replaced that drawing's file maker, so
  // the press gets an error instead of a file. The next press uses the page as it is then, so the file
  // holds what the screen shows. At most three times a minute per button: a lasting failure stays shown.
  var retries = {};
  function whenSettled(fn, calm, tries) {
    var app = document.querySelector('[data-testid="stApp"]');
    var state = app && app.getAttribute('data-test-script-state');
    if (tries <= 0 || !state) { fn(); return; }
    calm = state === 'notRunning' ? calm + 1 : 0;
    if (calm >= 4) { fn(); return; }  // not running for 400 ms: the page on screen is the latest
    setTimeout(function () { whenSettled(fn, calm, tries - 1); }, 100);
  }
  function retryFailedDownloads() {
    document.querySelectorAll('.stDownloadButton [data-testid="stDownloadButtonError"]').forEach(function (err) {
      if (err.dataset.dtRetried) return;
      err.dataset.dtRetried = '1';
      var box = err.closest('[class*="st-key-"]') || err.closest('.stDownloadButton');
      var key = (box.className.match(/st-key-[\w-]+/) || ['download'])[0];
      var now = Date.now();
      retries[key] = (retries[key] || []).filter(function (t) { return now - t < 60000; });
      if (retries[key].length >= 3) return;
      retries[key].push(now);
      whenSettled(function () {
        var button = document.querySelector('.' + key + ' .stDownloadButton button, .' + key + '.stDownloadButton button');
        if (button && !button.disabled) button.click();
      }, 0, 600);
    });
  }
  // The new screen's first heading, once drawn (never one left over from the last screen), gets the focus,
  // so a screen reader starts there. Given up after a few seconds, or once the person acts.
  function focusHeading() {
    if (Date.now() - headingWanted > 5000) { headingWanted = 0; return; }
    var heading = Array.from(document.querySelectorAll('.stMain h1, .stMain h2')).find(function (h) {
      return !h.closest('[data-stale="true"]');
    });
    if (!heading) return;
    headingWanted = 0;
    heading.setAttribute('tabindex', '-1');
    heading.focus({preventScroll: true});
  }
  ['keydown', 'pointerdown'].forEach(function (type) {
    window.addEventListener(type, function () { headingWanted = 0; }, true);
  });
  function check() {
    describeQuestions();
    retryFailedDownloads();
    // The screen being drawn, never one left over from the last run (still shown, marked stale, while the
    // new one is drawn): a sign-in form left over after signing in must not end the new sign-in.
    var top = Array.from(document.querySelectorAll('[data-dt-top]')).find(function (m) {
      return !m.closest('[data-stale="true"]');
    });
    var t = top && top.getAttribute('data-dt-top');
    // The screening's browser key (never in the address): kept in a cookie of this browser for its
    // session, so a reload here gets the screening back and its address in another browser opens nothing.
    var bind = document.querySelector('[data-dt-bind]');
    var b = bind && bind.getAttribute('data-dt-bind');
    if (b && b !== lastBind) {
      lastBind = b;
      document.cookie = b + '; path=/; SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');
    }
    // The sign-in's id (never in the address): a cookie of this browser's session, so a reload stays
    // signed in. Set here, by the page, so it cannot be HttpOnly: see docs/register.md.
    var signin = document.querySelector('[data-dt-signin]');
    var s = signin && signin.getAttribute('data-dt-signin');
    if (s && s !== lastSignin) {
      lastSignin = s;
      document.cookie = s + '; path=/; SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');
    }
    // Register on: when the connection to the server was lost and is made again, the page loads afresh.
    // With two app servers behind a proxy the new connection may reach the other server, which holds
    // nothing of this page and ignores its clicks; a fresh load there takes up the kept sign-in and the
    // screening kept in the register (docs/register.md, "Two app servers behind a proxy").
    var app = document.querySelector('[data-testid="stApp"]');
    var link = app && app.getAttribute('data-test-connection-state');
    if (link && link !== 'CONNECTED' && link !== 'INITIAL') {
      if (signin) lostWhileSignedIn = true;
    } else if (link === 'CONNECTED' && lostWhileSignedIn) {
      lostWhileSignedIn = false;
      location.reload();
      return;
    }
    if (t === 'sign-in' && !s) {
      // Signed out: the sign-in is over, and nothing may bring it back by a reload.
      lastSignin = null;
      document.cookie = 'dt_signin=; path=/; max-age=0; SameSite=Strict';
      // This tab's screening has ended too, so nothing may bring its address back.
      try {
        var ended = sessionStorage.getItem('dt-draft');
        if (ended) document.cookie = 'dt_draft_' + ended + '=; path=/; max-age=0; SameSite=Strict';
        sessionStorage.removeItem('dt-draft');
      } catch (err) { /* storage turned off */ }
    } else if (t && (t !== lastTop || location.search !== lastSearch)) {
      lastSearch = location.search;
      rememberDraft(t === 'start');
    }
    if (t && t !== lastTop) {
      var first = lastTop === null;
      lastTop = t;
      if (!first) {
        scrollTop();
        headingWanted = Date.now();
      }
    }
    if (headingWanted) focusHeading();
    var summary = document.querySelector('.dt-error-summary[data-dt-nonce]');
    var n = summary && summary.getAttribute('data-dt-nonce');
    if (n && n !== lastErrors) {
      lastErrors = n;
      headingWanted = 0;
      summary.scrollIntoView({block: 'start'});
      summary.focus({preventScroll: true});
    }
  }
  var queued = false;
  new MutationObserver(function () {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () { queued = false; check(); });
  }).observe(document.body, {childList: true, subtree: true, attributes: true,
                              attributeFilter: ['data-dt-top', 'data-dt-nonce', 'data-dt-bind',
                                                'data-test-connection-state']});
  check();
})();
