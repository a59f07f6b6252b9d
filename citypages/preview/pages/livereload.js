// The preview's reload client: LiveReload's hello, then a fresh page on each reload.
(function connect() {
  var socket = new WebSocket("ws://" + location.host + "/livereload");
  socket.onopen = function () {
    socket.send(JSON.stringify({command: "hello", protocols: ["PROTOCOL"]}));
  };
  socket.onmessage = function (event) {
    var message = JSON.parse(event.data);
    if (message.command === "hello") document.dispatchEvent(new CustomEvent("LiveReloadConnect"));
    if (message.command === "reload") location.reload();
  };
  socket.onclose = function () { setTimeout(connect, 1000); };  // the preview restarted: try again
})();
