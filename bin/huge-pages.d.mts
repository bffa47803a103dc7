export declare function withHugePages(tunables: string | undefined): string | undefined;
export declare function restartWithHugePages(): void;
