/** A WeCom app chat created through `create_appchat`. */
export interface AppChat {
  readonly chatid: string;
  readonly name: string;
  readonly owner: string;
  readonly userlist: readonly string[];
}

/** The app chats of a sandbox. */
export class WeworkStore {
  readonly chats = new Map<string, AppChat>();

  reset(): void {
    this.chats.clear();
  }
}
