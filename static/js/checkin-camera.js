// The check-in desk's camera: reads a ticket's QR code with the vendored jsQR and submits
// the code, as if it had been typed. Progressive: without a camera, or without this
// script, the desk works by typing the code or a name. Allowed by the page's
// Permissions-Policy (camera=(self), the desk only) and the Content Security Policy (both
// scripts come from this site).
(function () {
  "use strict";
  var button = document.getElementById("scan-button");
  var form = document.querySelector(".checkin-search");
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  if (!button || !form || !video || !status || typeof window.jsQR !== "function" ||
      !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  button.hidden = false;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.hidden = true;
  }

  function look() {
    if (!stream) {
      return;
    }
    if (video.readyState >= video.HAVE_ENOUGH_DATA && video.videoWidth) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height,
                              { inversionAttempts: "dontInvert" });
      if (found && found.data) {
        input.value = found.data;
        stop();
        form.submit();
        return;
      }
    }
    window.requestAnimationFrame(look);
  }

  button.addEventListener("click", function () {
    if (stream) {
      stop();
      status.textContent = "";
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (opened) {
        stream = opened;
        video.srcObject = opened;
        video.hidden = false;
        status.textContent = button.getAttribute("data-scanning");
        return video.play();
      })
      .then(function () { window.requestAnimationFrame(look); })
      .catch(function () {
        stop();
        status.textContent = button.getAttribute("data-failed");
      });
  });
})();
