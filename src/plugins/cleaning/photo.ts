/**
 * The optional photo of a check-in's issue note: sniffed by its bytes (never the name or the
 * browser's claim; the kit's checkPhoto), kept in the R2 bucket PHOTOS (shared with repairs) under cleaning/.
 */
/** The bucket key of a check-in's photo. */
export const photoKey = (checkinId: string, ext: string) => `cleaning/${checkinId}.${ext}`;
