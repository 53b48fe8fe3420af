// The CRM sidebar (docs/sidebar.md): find objections in the customer's words or pick a theme,
// compose an answer from one block of each kind, insert it into the host CRM by postMessage
// (only to a configured CRM origin), or copy it. Records shown/inserted/copied/dismissed events.
(function () {
  "use strict";

  // Opened on its own (from the site's menu), not inside a CRM's frame: offer the way back.
  if (window.top === window.self) {
    document.querySelectorAll("[data-home-link]").forEach(function (link) { link.hidden = false; });
  }

  const root = document.querySelector("[data-sidebar]");
  if (!root) return;

  const KINDS = ["acknowledge", "argument", "question"];
  const origins = (root.dataset.origins || "").split(" ").filter(Boolean);
  const recordsEvents = root.dataset.recordsEvents === "true";
  let call = root.dataset.call || "";

  const text = document.getElementById("sb-text");
  const status = document.getElementById("sb-status");
  const themeSelect = document.getElementById("sb-theme");
  const objectionsSection = document.getElementById("sb-objections");
  const objectionList = document.getElementById("sb-objection-list");
  const compose = document.getElementById("sb-compose");
  const preview = document.getElementById("sb-preview");

  let themes = [];
  let objections = [];
  let current = null;
  // Blocks already reported as shown for the current search or theme: once each.
  let shownBlocks = new Set();

  function say(message) {
    status.textContent = message;
  }

  async function api(url, options) {
    const response = await fetch(url, Object.assign({
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf},
    }, options || {}));
    const body = await response.json().catch(function () { return null; });
    if (!response.ok) {
      const message = body && body.error ? body.error.message : "Ошибка сервера.";
      throw new Error(message);
    }
    return body;
  }

  // Events go one after another, not all at once: each is a database write, and three writes
  // racing for SQLite's lock could see one refused (503) and the event lost.
  let events = Promise.resolve();

  function record(kind, blockIds) {
    if (!recordsEvents || !current) return;
    blockIds.forEach(function (block) {
      events = events.then(function () {
        return api(root.dataset.eventsUrl, {
          method: "POST",
          body: JSON.stringify({kind: kind, block: block, call: call}),
        });
      }).catch(function () { /* an event lost is not worth interrupting the operator */ });
    });
  }

  // The host CRM's origin: where postMessage may go. Only a configured origin qualifies.
  function hostOrigin() {
    if (window.parent === window) return null;
    let candidate = null;
    if (window.location.ancestorOrigins && window.location.ancestorOrigins.length) {
      candidate = window.location.ancestorOrigins[0];
    } else if (document.referrer) {
      try { candidate = new URL(document.referrer).origin; } catch (error) { candidate = null; }
    }
    if (candidate && origins.indexOf(candidate) !== -1) return candidate;
    return origins.length === 1 ? origins[0] : null;
  }

  function chosenBlocks() {
    const chosen = [];
    KINDS.forEach(function (kind) {
      const input = compose.querySelector('input[name="sb-' + kind + '"]:checked');
      if (input) chosen.push({id: Number(input.value), text: input.dataset.text});
    });
    return chosen;
  }

  function updatePreview() {
    preview.value = chosenBlocks().map(function (block) { return block.text; }).join(" ");
  }

  function showObjection(objection) {
    current = objection;
    KINDS.forEach(function (kind) {
      const box = compose.querySelector('[data-kind="' + kind + '"] .sb-blocks');
      box.replaceChildren();
      const blocks = objection.blocks[kind] || [];
      if (!blocks.length) {
        const empty = document.createElement("p");
        empty.className = "sb-muted";
        empty.textContent = "Нет блоков этого вида.";
        box.append(empty);
      }
      blocks.forEach(function (block, index) {
        const label = document.createElement("label");
        label.className = "sb-block";
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "sb-" + kind;
        input.value = String(block.id);
        input.dataset.text = block.text;
        input.checked = index === 0;
        input.addEventListener("change", updatePreview);
        const span = document.createElement("span");
        span.textContent = block.text;
        label.append(input, span);
        box.append(label);
      });
    });
    compose.hidden = false;
    updatePreview();
    const shown = [];
    KINDS.forEach(function (kind) {
      (objection.blocks[kind] || []).forEach(function (block) {
        if (!shownBlocks.has(block.id)) {
          shownBlocks.add(block.id);
          shown.push(block.id);
        }
      });
    });
    record("shown", shown);
  }

  function showObjections(list, message) {
    objections = list;
    shownBlocks = new Set();
    objectionList.replaceChildren();
    if (!list.length) {
      objectionsSection.hidden = true;
      compose.hidden = true;
      current = null;
      say(message || "Возражений не найдено. Выберите тему.");
      return;
    }
    list.forEach(function (objection, index) {
      const label = document.createElement("label");
      label.className = "sb-objection";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "sb-objection";
      input.value = objection.code;
      input.checked = index === 0;
      input.addEventListener("change", function () { showObjection(objection); });
      const name = document.createElement("span");
      name.className = "sb-objection__name";
      name.textContent = objection.name;
      const theme = document.createElement("span");
      theme.className = "sb-muted";
      theme.textContent = objection.evidence
        ? objection.theme + " · «" + objection.evidence.text + "»" : objection.theme;
      label.append(input, name, theme);
      objectionList.append(label);
    });
    objectionsSection.hidden = false;
    say(message || "Найдено: " + window.slyshuRussian.plural(list.length, "возражение,возражения,возражений") + ".");
    showObjection(list[0]);
  }

  async function search() {
    const words = text.value;
    if (!words.trim()) {
      say("Введите слова клиента.");
      text.focus();
      return;
    }
    say("Ищу…");
    try {
      const body = await api(root.dataset.suggestUrl, {
        method: "POST", body: JSON.stringify({text: words, call: call, limit: 3}),
      });
      showObjections(body.objections);
    } catch (error) {
      say(error.message);
    }
  }

  async function loadLibrary() {
    try {
      const body = await api(root.dataset.libraryUrl, {method: "GET"});
      themes = body.themes;
      themes.forEach(function (theme, index) {
        const option = document.createElement("option");
        option.value = String(index);
        option.textContent = theme.name;
        themeSelect.append(option);
      });
    } catch (error) {
      say(error.message);
    }
  }

  function insert() {
    const blocks = chosenBlocks();
    if (!current || !blocks.length) return;
    const answer = preview.value;
    const ids = blocks.map(function (block) { return block.id; });
    const target = hostOrigin();
    if (target) {
      window.parent.postMessage(
        {type: "slyshu:insert", text: answer, blocks: ids, objection: current.code, call: call},
        target,
      );
      record("inserted", ids);
      say("Ответ вставлен в CRM.");
    } else {
      copy("Окно CRM не найдено: ответ скопирован, вставьте его сами (Ctrl+V).");
    }
  }

  function copy(message) {
    const blocks = chosenBlocks();
    if (!current || !blocks.length) return;
    const ids = blocks.map(function (block) { return block.id; });
    const done = function () {
      record("copied", ids);
      say(message || "Ответ скопирован.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(preview.value).then(done, function () {
        preview.select();
        say("Не удалось скопировать: выделите ответ и нажмите Ctrl+C.");
      });
    } else {
      preview.focus();
      preview.select();
      say("Выделите ответ и нажмите Ctrl+C.");
    }
  }

  document.getElementById("sb-search").addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  text.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      search();
    }
  });
  themeSelect.addEventListener("change", function () {
    const theme = themes[Number(themeSelect.value)];
    if (!theme) return;
    showObjections(theme.objections, "Тема «" + theme.name + "»: " +
      window.slyshuRussian.plural(theme.objections.length, "возражение,возражения,возражений") + ".");
  });
  // Enter on a chosen block or on the preview inserts the answer.
  compose.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && event.target.tagName !== "BUTTON") {
      event.preventDefault();
      insert();
    }
  });
  document.getElementById("sb-insert").addEventListener("click", insert);
  document.getElementById("sb-copy").addEventListener("click", function () { copy(); });
  document.getElementById("sb-dismiss").addEventListener("click", function () {
    record("dismissed", chosenBlocks().map(function (block) { return block.id; }));
    compose.hidden = true;
    say("Подсказка отклонена.");
    text.focus();
  });
  // The host may name the call being handled: {type: "slyshu:context", call: "EXT-1"}.
  window.addEventListener("message", function (event) {
    if (origins.indexOf(event.origin) === -1) return;
    const data = event.data;
    if (data && data.type === "slyshu:context" && typeof data.call === "string") {
      call = data.call.slice(0, 200);
    }
  });

  // Tells a test (and a curious host) that the keyboard and buttons now do something.
  document.documentElement.dataset.ready = "true";
  loadLibrary();
})();
