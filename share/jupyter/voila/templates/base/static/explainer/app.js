// The explainer's page script in the Voila app and decks (issue 16), loaded at the end of <body>
// by our lab and reveal templates, before Voila's own bundle:
// - alt text: Voila renders outputs in the browser with JupyterLab's image renderer, which drops
//   the output's {"image/png": {"alt": ...}} metadata; we read it from the output's JSON and set it;
// - accessible names: ipywidgets 8 draws a slider's noUiSlider handle, dropdowns, toggle buttons
//   and text boxes without a name tied to their description; we set aria-label from the visible
//   description (widgets render late, so a MutationObserver keeps up);
// - Prev / Next: links at the top and bottom of a notebook page, from the catalogue the template
//   embeds (tools/frontdoor.py), in the page's language (<html lang>).
(function () {
  'use strict';

  // Alt text ------------------------------------------------------------------------------------
  document.querySelectorAll('script[type="application/vnd.voila.cell-output+json"]').forEach(function (script) {
    try {
      var output = JSON.parse(script.textContent);
      var meta = (output.metadata || {})['image/png'] || (output.metadata || {})['image/jpeg'] || {};
      if (meta.alt && script.parentElement) {
        script.parentElement.setAttribute('data-t-alt', meta.alt);
      }
    } catch (error) {
      /* not our concern: Voila reports a broken output itself */
    }
  });

  function setAlt(root) {
    root.querySelectorAll('[data-t-alt] img:not([alt]), [data-t-alt] img[alt=""]').forEach(function (img) {
      img.setAttribute('alt', img.closest('[data-t-alt]').getAttribute('data-t-alt'));
    });
  }

  // Accessible names for widget controls ----------------------------------------------------------
  function describe(widget) {
    var label = widget.querySelector(':scope > .widget-label');
    var text = label ? label.textContent.trim() : '';
    return text;
  }

  function nameControls(root) {
    root.querySelectorAll('.widget-slider, .widget-dropdown, .widget-text, .widget-textarea, .widget-select, ' +
      '.widget-toggle-buttons, .widget-int-text, .widget-float-text, .widget-bounded-float-text, ' +
      '.widget-bounded-int-text, .widget-combobox, .widget-checkbox').forEach(function (widget) {
      var name = describe(widget);
      if (!name) {
        return;
      }
      widget.querySelectorAll('.noUi-handle, select, input, textarea').forEach(function (control) {
        if (control.getAttribute('aria-label') !== name) {
          control.setAttribute('aria-label', name);
        }
      });
      var readout = widget.querySelector('.widget-readout');
      if (readout && !readout.getAttribute('aria-label')) {
        readout.setAttribute('role', 'textbox');
        readout.setAttribute('aria-label', name);
      }
      if (widget.classList.contains('widget-toggle-buttons')) {
        var group = widget.querySelector('.widget-toggle-buttons, :scope > div:not(.widget-label)') || widget;
        group.setAttribute('role', 'group');
        group.setAttribute('aria-label', name);
      }
    });
    // A button or toggle with only an icon gets its tooltip as its name.
    root.querySelectorAll('.jupyter-widgets button:not([aria-label])').forEach(function (button) {
      if (!button.textContent.trim() && button.title) {
        button.setAttribute('aria-label', button.title);
      }
    });
  }

  // A region that scrolls sideways (a wide table or figure) can be reached and scrolled by keyboard.
  function focusableScrollers(root) {
    root.querySelectorAll('.jp-RenderedMarkdown > table, .jp-OutputArea-output, .t-table').forEach(function (el) {
      if (el.hasAttribute('tabindex') || el.closest('.reveal')) {
        return;
      }
      if (el.scrollWidth > el.clientWidth + 1 && !el.querySelector('a, button, input, select, textarea, [tabindex]')) {
        el.setAttribute('tabindex', '0');
        el.setAttribute('role', 'region');
        el.setAttribute('aria-label', (document.documentElement.lang === 'ja' ? '横に動かせる表：' : 'Scrolls sideways: ') +
          (el.textContent || '').trim().slice(0, 40));
      }
    });
  }

  var pending = false;
  function refresh() {
    if (pending) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      setAlt(document);
      nameControls(document);
      focusableScrollers(document);
    });
  }
  new MutationObserver(refresh).observe(document.documentElement, {childList: true, subtree: true});
  refresh();
  window.addEventListener('resize', refresh);

  // Prev / Next ----------------------------------------------------------------------------------
  var data = document.getElementById('t-catalogue');
  var cells = document.querySelector('#rendered_cells > div');
  if (!data || !cells || document.querySelector('.reveal')) {
    return;
  }
  var catalogue = JSON.parse(data.textContent);
  var lang = document.documentElement.lang === 'ja' ? 'ja' : 'en';
  var ui = catalogue.ui[lang];
  var marker = '/voila/render/';
  var path = decodeURIComponent(window.location.pathname);
  var at = path.indexOf(marker);
  if (at < 0) {
    return;
  }
  var base = path.slice(0, at) + marker;
  var relative = path.slice(at + marker.length);
  var byFile = {};
  catalogue.pages.forEach(function (page) {
    byFile[page.file] = page;
  });
  // The edition's folder: "ja/" on a server of both editions; "" for English, or for the Japanese
  // edition served alone (make start LANGUAGE=ja).
  var prefix = '';
  var key = relative;
  if (lang === 'ja' && relative.indexOf('ja/') === 0) {
    prefix = 'ja/';
    key = relative.slice(3);
  }
  var page = byFile[key];
  var home = path.slice(0, at) + '/voila/tree/' + (prefix ? prefix.replace(/\/$/, '') : '');

  function link(file, role) {
    var target = byFile[file];
    var a = document.createElement('a');
    a.href = base + prefix + file;
    a.className = 't-pager-' + role;
    a.rel = role === 'prev' ? 'prev' : 'next';
    var small = document.createElement('small');
    small.textContent = role === 'prev' ? '← ' + ui.previous : ui.next + ' →';
    a.appendChild(small);
    a.appendChild(document.createTextNode((target.number ? target.number + ' · ' : '') + target.title[lang]));
    return a;
  }

  function bar(where) {
    var nav = document.createElement('nav');
    nav.className = 't-pager t-pager-' + where;
    nav.setAttribute('aria-label', ui.nav_label + (where === 'top' ? '' : ' (2)'));
    var contents = document.createElement('a');
    contents.href = home;
    contents.className = 't-pager-contents';
    contents.textContent = ui.contents;
    var prev = page && page.prev ? link(page.prev, 'prev') : document.createElement('span');
    var next = page && page.next ? link(page.next, 'next') : document.createElement('span');
    if (!prev.className) {
      prev.className = 't-pager-prev';
    }
    if (!next.className) {
      next.className = 't-pager-next';
    }
    nav.appendChild(prev);
    nav.appendChild(contents);
    nav.appendChild(next);
    return nav;
  }

  cells.insertBefore(bar('top'), cells.firstChild);
  cells.appendChild(bar('bottom'));
})();
