export declare function withHugePages(tunables: string | undefined): string | undefined;
export declare function restartWithHugePages(): void;
export declare function restartTunables(): string | undefined;
