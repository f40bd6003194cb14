// The second factor's pages (mfa/templates/mfa/): what happens after django-otp-webauthn's
// own scripts have registered or checked a passkey.
(function () {
  "use strict";
  // A first passkey is registered: on to the recovery codes, shown once.
  document.addEventListener("otp_webauthn.register_complete", function () {
    var section = document.getElementById("mfa-passkey-enrol");
    if (section && section.dataset.afterRegister) {
      window.location.assign(section.dataset.afterRegister);
    }
  });
  // The passkey is checked for an action in place (an export of the chosen rows): send the
  // action again, now that the session has a fresh second factor.
  document.addEventListener("otp_webauthn.verification_complete", function () {
    var form = document.querySelector("form[data-resubmit-after-passkey]");
    if (form) {
      form.submit();
    }
  });
})();
