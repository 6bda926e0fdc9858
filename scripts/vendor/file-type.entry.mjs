// file-type (content sniffing by magic numbers) is published as an ES module only; bundled to
// .vendor/file-type.cjs for the CommonJS service like the tile libraries (see tiles.entry.mjs).
export { fileTypeFromBuffer } from 'file-type';
