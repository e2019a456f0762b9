// Progressive enhancement only: every page works without this file.
// Forms with data-confirm ask before they are sent (no inline handlers: the CSP forbids them).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// The console's event check-in (/console/check-in): where the browser can read QR codes
// (BarcodeDetector) and has a camera, a button scans the ticket and sends its payload;
// anywhere else the form takes the payload from a scanner or a paste.
(function () {
  var box = document.querySelector("[data-qr-camera]");
  if (!box || !("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  box.hidden = false;
  var video = box.querySelector("[data-qr-video]");
  var form = box.closest("form");
  var field = form.querySelector("[name=payload]");
  box.querySelector("[data-qr-start]").addEventListener("click", function () {
    var detector = new window.BarcodeDetector({formats: ["qr_code"]});
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (stream) {
      video.srcObject = stream;
      video.play();
      var look = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (track) { track.stop(); });
            field.value = codes[0].rawValue;
            form.submit();
          } else {
            window.requestAnimationFrame(look);
          }
        }, function () { window.requestAnimationFrame(look); });
      };
      look();
    }, function () { box.hidden = true; });
  });
})();
