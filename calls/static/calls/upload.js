/* The upload page: drop or pick several recordings, send them one by one to the page's own
   endpoint with the batch's details, and show each file's progress and answer. A refused file
   stays in the list with its reason; the others go on. Plain JS, no dependencies. */
(function () {
  "use strict";

  var form = document.querySelector("[data-upload-form]");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return; // The plain form still works: it posts every file at once.
  }
  // Russian texts come from the template (data-text-*), translated like the rest of the page.
  var texts = {};
  Object.keys(form.dataset).forEach(function (key) {
    if (key.indexOf("text") === 0) {
      texts[key.charAt(4).toLowerCase() + key.slice(5)] = form.dataset[key];
    }
  });
  var input = form.querySelector("input[type=file]");
  var dropzone = form.querySelector("[data-dropzone]");
  var list = form.querySelector("[data-upload-list]");
  var template = document.querySelector("template[data-upload-item]");
  var submit = form.querySelector("[data-upload-submit]");
  var items = [];
  var busy = false;
  form.classList.add("is-enhanced");

  var sizeText = function (bytes) {
    if (bytes >= 1024 * 1024) {
      return window.slyshuRussian.formatCount((bytes / 1024 / 1024).toFixed(1)) + "\u00a0МБ";
    }
    return window.slyshuRussian.formatCount(Math.max(1, Math.round(bytes / 1024))) + "\u00a0КБ";
  };

  var setState = function (item, state, text, link) {
    item.state = state;
    item.row.className = "upload-item upload-item--" + state;
    var cell = item.row.querySelector("[data-state]");
    cell.textContent = text;
    if (link) {
      cell.appendChild(document.createTextNode(" · "));
      var anchor = document.createElement("a");
      anchor.href = link;
      anchor.textContent = texts.open;
      cell.appendChild(anchor);
    }
    item.row.querySelector("[data-remove]").hidden = state === "sending" || state === "done";
  };

  var addFiles = function (files) {
    Array.prototype.forEach.call(files, function (file) {
      var row = template.content.firstElementChild.cloneNode(true);
      row.querySelector(".upload-item__name").textContent = file.name;
      row.querySelector(".upload-item__size").textContent = sizeText(file.size);
      var item = { file: file, row: row, state: "ready" };
      row.querySelector("[data-remove]").addEventListener("click", function () {
        items = items.filter(function (other) { return other !== item; });
        row.remove();
      });
      items.push(item);
      form.querySelector("[data-upload-none]").hidden = true;
      list.appendChild(row);
      setState(item, "ready", texts.ready);
    });
  };

  // The batch's details as the form has them now, without the file input's own selection.
  var batchData = function () {
    var data = new FormData();
    Array.prototype.forEach.call(form.elements, function (element) {
      if (element.name && element.type !== "file" && element.type !== "submit") {
        data.append(element.name, element.value);
      }
    });
    return data;
  };

  var send = function (item, done) {
    var data = batchData();
    data.append("audio", item.file, item.file.name);
    var request = new XMLHttpRequest();
    var progress = item.row.querySelector("progress");
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        progress.value = Math.round((event.loaded / event.total) * 100);
      }
    });
    request.upload.addEventListener("load", function () {
      progress.value = 100;
      setState(item, "sending", texts.checking);
    });
    request.addEventListener("load", function () {
      var body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch (error) {
        body = null;
      }
      if (body && body.call) {
        setState(item, "done", body.created ? texts.created : texts.existing, body.call.url);
      } else if (body && body.error) {
        progress.value = 0;
        setState(item, "refused", body.error.message);
      } else {
        progress.value = 0;
        setState(item, "refused", texts.server);
      }
      done();
    });
    request.addEventListener("error", function () {
      progress.value = 0;
      setState(item, "refused", texts.failed);
      done();
    });
    progress.value = 0;
    setState(item, "sending", texts.sending);
    request.send(data);
  };

  // One file at a time: the server decodes each in full, and the machine is small.
  var sendPending = function () {
    var next = items.filter(function (item) { return item.state === "waiting"; })[0];
    if (!next) {
      busy = false;
      submit.disabled = false;
      return;
    }
    send(next, sendPending);
  };

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) {
      return;
    }
    var pending = items.filter(function (item) { return item.state !== "done"; });
    form.querySelector("[data-upload-none]").hidden = pending.length > 0;
    if (!pending.length) {
      return;
    }
    pending.forEach(function (item) { setState(item, "waiting", texts.waiting); });
    busy = true;
    submit.disabled = true;
    sendPending();
  });

  input.addEventListener("change", function () {
    addFiles(input.files);
    input.value = ""; // The list holds the files now; picking the same file again adds it again.
  });

  ["dragenter", "dragover"].forEach(function (name) {
    dropzone.addEventListener(name, function (event) {
      event.preventDefault();
      dropzone.classList.add("is-dragover");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    dropzone.addEventListener(name, function (event) {
      event.preventDefault();
      dropzone.classList.remove("is-dragover");
    });
  });
  dropzone.addEventListener("drop", function (event) {
    if (event.dataTransfer && event.dataTransfer.files.length) {
      addFiles(event.dataTransfer.files);
    }
  });
  // A file dropped beside the zone must not make the browser leave the page to open it.
  window.addEventListener("dragover", function (event) { event.preventDefault(); });
  window.addEventListener("drop", function (event) { event.preventDefault(); });

})();
