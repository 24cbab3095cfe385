// Shrinks photos chosen for a repair request before upload: phone photos are megabytes, and the
// Worker refuses request bodies over 256 KB. Images above TARGET are redrawn as JPEG (longest
// side ≤ 1280 px, lower quality/size until they fit); anything else is left for the server to judge.
(() => {
  if (window.__repairsPhotos) return;
  window.__repairsPhotos = true;
  const TARGET = 75 * 1024; // three photos and the form stay under 256 KB
  const toBlob = (canvas, quality) => new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));

  async function shrink(file) {
    const bitmap = await createImageBitmap(file);
    let scale = Math.min(1, 1280 / Math.max(bitmap.width, bitmap.height));
    for (let i = 0; i < 8; i++) {
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await toBlob(canvas, i < 3 ? 0.8 - i * 0.15 : 0.5);
      if (blob && blob.size <= TARGET) return new File([blob], file.name.replace(/\.[^.]*$/, '') + '.jpg', { type: 'image/jpeg' });
      if (i >= 2) scale *= 0.75;
    }
    return file;
  }

  document.addEventListener('change', async (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || input.name !== 'photos' || !input.files) return;
    if (![...input.files].some((f) => f.type.startsWith('image/') && f.size > TARGET)) return;
    const out = new DataTransfer();
    for (const file of input.files) {
      let chosen = file;
      if (file.type.startsWith('image/') && file.size > TARGET) {
        try { chosen = await shrink(file); } catch { chosen = file; }
      }
      out.items.add(chosen);
    }
    input.files = out.files;
    input.dataset.shrunk = 'true';
  });
})();
