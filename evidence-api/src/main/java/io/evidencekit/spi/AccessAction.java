package io.evidencekit.spi;

/** What an officer wants to do with a request or its evidence. */
public enum AccessAction {
  /** See the request, its invitations, submissions, item metadata and custody events. */
  VIEW_REQUEST,
  /** Read an item's bytes (play, preview, download). */
  READ_ITEM,
  /** Issue, re-issue or revoke links. */
  MANAGE_REQUEST
}
