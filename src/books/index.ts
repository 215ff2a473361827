export { BookService, DEFAULT_BOOK_SETTINGS } from './service.js';
export type { BookServiceOptions, BookServiceSettings } from './service.js';
export { LiveBook, newGeneration } from './live-book.js';
export type { SideChanges, UpdateMeta } from './live-book.js';
export * from './messages.js';
