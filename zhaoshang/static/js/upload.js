/* 台账导入: the upload shows its progress (a large workbook over a slow line takes a while).
 *
 * The form is sent by XMLHttpRequest, whose upload reports the bytes sent. The server reads and
 * checks the workbook, stores it with its preview and answers {"next": preview URL}; the page
 * then opens the preview. Anything else (a 400 with the reason, a 403) replaces the page, as a
 * plain submit would. Without this script the form still works as an ordinary POST.
 */
(function () {
  "use strict";

  const form = document.querySelector("form[data-upload]");
  const box = document.querySelector("[data-upload-progress]");
  if (!form || !box) return;
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-upload-text]");
  const button = form.querySelector("button[type=submit]");
  const label = button.textContent;

  function mb(bytes) {
    return (bytes / 1024 / 1024).toFixed(1);
  }

  function failed(message) {
    box.classList.add("is-error");
    bar.hidden = true;
    text.textContent = message;
    button.disabled = false;
    button.classList.remove("is-busy");
    button.textContent = label;
  }

  form.addEventListener("submit", (event) => {
    if (!form.reportValidity()) return;
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Requested-With", "fetch");
    request.upload.addEventListener("progress", (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.round((progress.loaded * 100) / progress.total);
      bar.value = percent;
      text.textContent = "正在上传 " + percent + "%（" + mb(progress.loaded) + " / " + mb(progress.total) + " MB）";
    });
    request.upload.addEventListener("load", () => {
      bar.removeAttribute("value"); // indeterminate: the server is reading the workbook
      text.textContent = "已上传，正在读取并逐行核对台账…";
    });
    request.addEventListener("load", () => {
      let next = null;
      if (request.status === 200) {
        try {
          next = JSON.parse(request.responseText).next;
        } catch (error) {
          next = null;
        }
      }
      if (next) {
        text.textContent = "核对完成，正在打开预览…";
        window.location.assign(next);
        return;
      }
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", () => failed("上传失败：无法连接服务器，请检查网络后重试。"));
    box.hidden = false;
    box.classList.remove("is-error");
    bar.hidden = false;
    bar.value = 0;
    text.textContent = "正在上传…";
    request.send(new FormData(form));
  });
})();
