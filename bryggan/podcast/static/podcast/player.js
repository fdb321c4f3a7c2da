// Progressive enhancement: time stamps in the transcript and chapter list seek the player on
// the page instead of opening the audio file (which is what they do without JavaScript).
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.stamp");
  const player = document.getElementById("player");
  if (!link || !player) return;
  event.preventDefault();
  player.currentTime = Number(link.dataset.seconds || 0);
  player.play().catch(() => {});
  player.focus();
});
