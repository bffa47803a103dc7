/**
 * The WebAssembly text of Solvent's batched keccak-256 (scripts/build-keccak-wasm.ts assembles it into
 * keccak-wasm.generated.ts). Generated rather than written out: keccak-f[1600] is unrolled over 25 i64
 * locals, which keeps the state in registers, and the batch entry points hash whole tree levels in one
 * call, so JavaScript pays one call per level chunk instead of one per hash.
 *
 * Memory layout (bytes): [0, 192) round constants; [256, 392) the final-block buffer; [1024, 8192) the
 * preimage scratch (a prefix byte and two records, or a salt or secret and an id); from WORK_START on: the
 * caller's.
 */

export const PAD_BUFFER = 256;
export const SCRATCH = 1024;
export const WORK_START = 8192;
const RATE = 136;

const ROUND_CONSTANTS = [
  0x0000000000000001n,
  0x0000000000008082n,
  0x800000000000808an,
  0x8000000080008000n,
  0x000000000000808bn,
  0x0000000080000001n,
  0x8000000080008081n,
  0x8000000000008009n,
  0x000000000000008an,
  0x0000000000000088n,
  0x0000000080008009n,
  0x000000008000000an,
  0x000000008000808bn,
  0x800000000000008bn,
  0x8000000000008089n,
  0x8000000000008003n,
  0x8000000000008002n,
  0x8000000000000080n,
  0x000000000000800an,
  0x800000008000000an,
  0x8000000080008081n,
  0x8000000000008080n,
  0x0000000080000001n,
  0x8000000080008008n,
];

/** Rotation offsets r[x][y] of the rho step. */
const RHO = [
  [0, 36, 3, 41, 18],
  [1, 44, 10, 45, 2],
  [62, 6, 43, 15, 61],
  [28, 55, 25, 21, 56],
  [27, 20, 39, 8, 14],
];

const lane = (x: number, y: number) => `$a${x + 5 * y}`;

/** One keccak-f[1600] permutation of the locals $a0…$a24 (24 rounds, constants read from memory). */
function permutation(): string {
  const out: string[] = ["(local.set $round (i32.const 0))", "(loop $rounds"];
  // theta
  for (let x = 0; x < 5; x++) {
    out.push(
      `(local.set $c${x} (i64.xor (i64.xor (i64.xor (i64.xor (local.get ${lane(x, 0)}) (local.get ${lane(x, 1)})) (local.get ${lane(x, 2)})) (local.get ${lane(x, 3)})) (local.get ${lane(x, 4)})))`,
    );
  }
  for (let x = 0; x < 5; x++) {
    out.push(
      `(local.set $d (i64.xor (local.get $c${(x + 4) % 5}) (i64.rotl (local.get $c${(x + 1) % 5}) (i64.const 1))))`,
    );
    for (let y = 0; y < 5; y++)
      out.push(`(local.set ${lane(x, y)} (i64.xor (local.get ${lane(x, y)}) (local.get $d)))`);
  }
  // rho and pi: B[y, 2x + 3y] = rotl(A[x, y], r[x, y])
  for (let x = 0; x < 5; x++) {
    for (let y = 0; y < 5; y++) {
      const target = `$b${y + 5 * ((2 * x + 3 * y) % 5)}`;
      const r = RHO[x]![y]!;
      out.push(
        r === 0
          ? `(local.set ${target} (local.get ${lane(x, y)}))`
          : `(local.set ${target} (i64.rotl (local.get ${lane(x, y)}) (i64.const ${r})))`,
      );
    }
  }
  // chi
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      const b = (i: number) => `(local.get $b${((x + i) % 5) + 5 * y})`;
      out.push(`(local.set ${lane(x, y)} (i64.xor ${b(0)} (i64.and (i64.xor ${b(1)} (i64.const -1)) ${b(2)})))`);
    }
  }
  // iota
  out.push(`(local.set $a0 (i64.xor (local.get $a0) (i64.load (i32.shl (local.get $round) (i32.const 3)))))`);
  out.push("(local.set $round (i32.add (local.get $round) (i32.const 1)))");
  out.push("(br_if $rounds (i32.lt_u (local.get $round) (i32.const 24)))", ")");
  return out.join("\n      ");
}

/** XORs the 17 rate lanes at `$block` into the state. */
function absorbBlock(): string {
  return Array.from(
    { length: RATE / 8 },
    (_, i) => `(local.set $a${i} (i64.xor (local.get $a${i}) (i64.load offset=${8 * i} align=1 (local.get $block))))`,
  ).join("\n      ");
}

const stateLocals = [
  ...Array.from({ length: 25 }, (_, i) => `(local $a${i} i64)`),
  ...Array.from({ length: 25 }, (_, i) => `(local $b${i} i64)`),
  ...Array.from({ length: 5 }, (_, i) => `(local $c${i} i64)`),
  "(local $d i64) (local $round i32) (local $block i32)",
].join(" ");

/** 64-bit byte swap: sums are big-endian words, WebAssembly loads are little-endian. */
const BSWAP = `(func $bswap (param $x i64) (result i64)
    (local.set $x (i64.or (i64.and (i64.shr_u (local.get $x) (i64.const 8)) (i64.const 0x00ff00ff00ff00ff))
                          (i64.shl (i64.and (local.get $x) (i64.const 0x00ff00ff00ff00ff)) (i64.const 8))))
    (local.set $x (i64.or (i64.and (i64.shr_u (local.get $x) (i64.const 16)) (i64.const 0x0000ffff0000ffff))
                          (i64.shl (i64.and (local.get $x) (i64.const 0x0000ffff0000ffff)) (i64.const 16))))
    (i64.rotl (local.get $x) (i64.const 32)))`;

export function keccakWat(): string {
  const constants = ROUND_CONSTANTS.map((rc) => {
    let bytes = "";
    for (let i = 0n; i < 8n; i++) bytes += `\\${((rc >> (8n * i)) & 0xffn).toString(16).padStart(2, "0")}`;
    return bytes;
  }).join("");
  return `(module
  (memory (export "memory") 2)
  (data (i32.const 0) "${constants}")

  ;; keccak256(memory[ptr, ptr + len)) written to memory[out, out + 32).
  (func $keccak (export "keccak") (param $ptr i32) (param $len i32) (param $out i32)
    ${stateLocals}
    (local.set $block (local.get $ptr))
    (block $done
      (loop $blocks
        (br_if $done (i32.lt_u (local.get $len) (i32.const ${RATE})))
      ${absorbBlock()}
      ${permutation()}
        (local.set $block (i32.add (local.get $block) (i32.const ${RATE})))
        (local.set $len (i32.sub (local.get $len) (i32.const ${RATE})))
        (br $blocks)))
    ;; The last, partial block: copy it into the zeroed pad buffer and apply keccak's 0x01 … 0x80 padding.
    (memory.fill (i32.const ${PAD_BUFFER}) (i32.const 0) (i32.const ${RATE}))
    (memory.copy (i32.const ${PAD_BUFFER}) (local.get $block) (local.get $len))
    (i32.store8 (i32.add (i32.const ${PAD_BUFFER}) (local.get $len)) (i32.const 0x01))
    (i32.store8 (i32.const ${PAD_BUFFER + RATE - 1}) (i32.or (i32.load8_u (i32.const ${PAD_BUFFER + RATE - 1})) (i32.const 0x80)))
    (local.set $block (i32.const ${PAD_BUFFER}))
      ${absorbBlock()}
      ${permutation()}
    (i64.store offset=0 align=1 (local.get $out) (local.get $a0))
    (i64.store offset=8 align=1 (local.get $out) (local.get $a1))
    (i64.store offset=16 align=1 (local.get $out) (local.get $a2))
    (i64.store offset=24 align=1 (local.get $out) (local.get $a3)))

  ;; Hashes count variable-length items: item i is memory[offsets[i], offsets[i + 1]) (u32 offsets);
  ;; digest i goes to out + 32 i.
  (func (export "hashItems") (param $offsets i32) (param $count i32) (param $out i32)
    (local $i i32) (local $start i32)
    (block $done
      (loop $items
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $start (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2)))))
        (call $keccak (local.get $start)
          (i32.sub (i32.load offset=4 (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2)))) (local.get $start))
          (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 5))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $items))))

;; Account keys: key i = keccak256(salt i ‖ id i), salts back to back (32 bytes each), id i at
  ;; ids + [offsets[i], offsets[i + 1]) (u32 offsets); key i goes to out + 32 i. Ids must fit the scratch.
  (func (export "hashKeys") (param $offsets i32) (param $count i32) (param $salts i32) (param $ids i32) (param $out i32)
    (local $i i32) (local $start i32) (local $len i32)
    (block $done
      (loop $keys
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $start (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $len (i32.sub (i32.load offset=4 (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2)))) (local.get $start)))
        (memory.copy (i32.const ${SCRATCH}) (i32.add (local.get $salts) (i32.shl (local.get $i) (i32.const 5))) (i32.const 32))
        (memory.copy (i32.const ${SCRATCH + 32}) (i32.add (local.get $ids) (local.get $start)) (local.get $len))
        (call $keccak (i32.const ${SCRATCH}) (i32.add (local.get $len) (i32.const 32)) (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 5))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $keys))))

  ;; Leaf records in place: each record holds accountKey ‖ balances; its first word becomes
  ;; keccak256(0x00 ‖ accountKey ‖ balances).
  (func (export "hashLeaves") (param $records i32) (param $count i32) (param $size i32)
    (local $i i32) (local $record i32)
    (i32.store8 (i32.const ${SCRATCH}) (i32.const 0x00))
    (block $done
      (loop $leaves
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $record (i32.add (local.get $records) (i32.mul (local.get $i) (local.get $size))))
        (memory.copy (i32.const ${SCRATCH + 1}) (local.get $record) (local.get $size))
        (call $keccak (i32.const ${SCRATCH}) (i32.add (local.get $size) (i32.const 1)) (local.get $record))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $leaves))))

  ;; Whole accounts in one pass, id i at ids + [offsets[i], offsets[i + 1]) (u32 offsets), amounts 16 bytes
  ;; each (assets per account, back to back): with a secret (secret != 0) salt i = keccak256(secret ‖ id i)
  ;; is written to salts + 32 i, else salt i is read from there; key i = keccak256(salt i ‖ id i) goes to
  ;; keys + 32 i and leaf i = keccak256(0x00 ‖ key i ‖ each amount as a 32-byte word) to leaves + 32 i.
  ;; Ids and leaf preimages must fit the scratch.
  (func (export "hashAccounts") (param $offsets i32) (param $count i32) (param $salts i32) (param $ids i32)
    (param $amounts i32) (param $assets i32) (param $keys i32) (param $leaves i32) (param $secret i32)
    (local $i i32) (local $start i32) (local $len i32) (local $salt i32) (local $a i32) (local $word i32) (local $amount i32)
    (block $done
      (loop $accounts
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $start (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $len (i32.sub (i32.load offset=4 (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2)))) (local.get $start)))
        (local.set $salt (i32.add (local.get $salts) (i32.shl (local.get $i) (i32.const 5))))
        (memory.copy (i32.const ${SCRATCH + 32}) (i32.add (local.get $ids) (local.get $start)) (local.get $len))
        (if (local.get $secret)
          (then
            (memory.copy (i32.const ${SCRATCH}) (local.get $secret) (i32.const 32))
            (call $keccak (i32.const ${SCRATCH}) (i32.add (local.get $len) (i32.const 32)) (local.get $salt))))
        (memory.copy (i32.const ${SCRATCH}) (local.get $salt) (i32.const 32))
        (call $keccak (i32.const ${SCRATCH}) (i32.add (local.get $len) (i32.const 32))
          (i32.add (local.get $keys) (i32.shl (local.get $i) (i32.const 5))))
        ;; The leaf preimage: 0x00, the key, then per amount 16 zero bytes and its 16 bytes.
        (i32.store8 (i32.const ${SCRATCH}) (i32.const 0x00))
        (memory.copy (i32.const ${SCRATCH + 1}) (i32.add (local.get $keys) (i32.shl (local.get $i) (i32.const 5))) (i32.const 32))
        (local.set $amount (i32.add (local.get $amounts) (i32.shl (i32.mul (local.get $i) (local.get $assets)) (i32.const 4))))
        (local.set $a (i32.const 0))
        (block $amountsDone
          (loop $amountsLoop
            (br_if $amountsDone (i32.ge_u (local.get $a) (local.get $assets)))
            (local.set $word (i32.add (i32.const ${SCRATCH + 33}) (i32.shl (local.get $a) (i32.const 5))))
            (i64.store offset=0 align=1 (local.get $word) (i64.const 0))
            (i64.store offset=8 align=1 (local.get $word) (i64.const 0))
            (i64.store offset=16 align=1 (local.get $word) (i64.load offset=0 align=1 (local.get $amount)))
            (i64.store offset=24 align=1 (local.get $word) (i64.load offset=8 align=1 (local.get $amount)))
            (local.set $amount (i32.add (local.get $amount) (i32.const 16)))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $amountsLoop)))
        (call $keccak (i32.const ${SCRATCH}) (i32.add (i32.shl (local.get $assets) (i32.const 5)) (i32.const 33))
          (i32.add (local.get $leaves) (i32.shl (local.get $i) (i32.const 5))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $accounts))))

  ${BSWAP}

  ;; The parent level of count child records at src (an odd last child is paired with the record at
  ;; empty): each parent's sums are its children's, and its hash is keccak256(0x01 ‖ left ‖ right).
  ;; Sums are the low 16 bytes of 32-byte big-endian words. Returns 0 when a sum reaches 2^128, else 1.
  (func (export "buildLevel") (param $src i32) (param $count i32) (param $size i32) (param $assets i32) (param $dst i32) (param $empty i32) (result i32)
    (local $p i32) (local $parents i32) (local $left i32) (local $right i32) (local $parent i32) (local $a i32) (local $word i32)
    (local $lo i64) (local $hi i64) (local $rlo i64) (local $carry i64)
    (local.set $parents (i32.shr_u (i32.add (local.get $count) (i32.const 1)) (i32.const 1)))
    (i32.store8 (i32.const ${SCRATCH}) (i32.const 0x01))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $p) (local.get $parents)))
        (local.set $left (i32.add (local.get $src) (i32.mul (i32.shl (local.get $p) (i32.const 1)) (local.get $size))))
        (local.set $right (i32.add (local.get $left) (local.get $size)))
        (if (i32.ge_u (i32.add (i32.shl (local.get $p) (i32.const 1)) (i32.const 1)) (local.get $count))
          (then (local.set $right (local.get $empty))))
        (local.set $parent (i32.add (local.get $dst) (i32.mul (local.get $p) (local.get $size))))
        (memory.copy (i32.const ${SCRATCH + 1}) (local.get $left) (local.get $size))
        (memory.copy (i32.add (i32.const ${SCRATCH + 1}) (local.get $size)) (local.get $right) (local.get $size))
        (local.set $a (i32.const 0))
        (block $sumsDone
          (loop $sums
            (br_if $sumsDone (i32.ge_u (local.get $a) (local.get $assets)))
            (local.set $word (i32.shl (i32.add (local.get $a) (i32.const 1)) (i32.const 5)))
            ;; low 64 bits at word + 24, high 64 bits at word + 16; the upper 16 bytes are zero by range.
            (local.set $lo (call $bswap (i64.load offset=24 align=1 (i32.add (local.get $left) (local.get $word)))))
            (local.set $rlo (call $bswap (i64.load offset=24 align=1 (i32.add (local.get $right) (local.get $word)))))
            (local.set $lo (i64.add (local.get $lo) (local.get $rlo)))
            (local.set $carry (i64.extend_i32_u (i64.lt_u (local.get $lo) (local.get $rlo))))
            (local.set $hi (i64.add
              (call $bswap (i64.load offset=16 align=1 (i32.add (local.get $left) (local.get $word))))
              (call $bswap (i64.load offset=16 align=1 (i32.add (local.get $right) (local.get $word))))))
            ;; Both high halves are below 2^64, so an overflow of the add shows as a result below an addend;
            ;; check it and the carry separately.
            (if (i64.lt_u (local.get $hi) (call $bswap (i64.load offset=16 align=1 (i32.add (local.get $right) (local.get $word)))))
              (then (return (i32.const 0))))
            (if (i32.and (i64.eq (local.get $hi) (i64.const -1)) (i64.ne (local.get $carry) (i64.const 0)))
              (then (return (i32.const 0))))
            (local.set $hi (i64.add (local.get $hi) (local.get $carry)))
            (i64.store offset=0 align=1 (i32.add (local.get $parent) (local.get $word)) (i64.const 0))
            (i64.store offset=8 align=1 (i32.add (local.get $parent) (local.get $word)) (i64.const 0))
            (i64.store offset=16 align=1 (i32.add (local.get $parent) (local.get $word)) (call $bswap (local.get $hi)))
            (i64.store offset=24 align=1 (i32.add (local.get $parent) (local.get $word)) (call $bswap (local.get $lo)))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $sums)))
        (call $keccak (i32.const ${SCRATCH}) (i32.add (i32.shl (local.get $size) (i32.const 1)) (i32.const 1)) (local.get $parent))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $pairs)))
    (i32.const 1))

  ;; The proof store's compact records of count records at src (record i at src + i size), written from
  ;; dst: each record's 32-byte hash, then per sum a length byte n and the sum's n significant big-endian
  ;; bytes (sums are the low 16 bytes of 32-byte words). Returns where they end. Each sum is written as its
  ;; length byte and 16 bytes, its significant ones first, and the next write overwrites the rest: the
  ;; caller leaves 16 bytes of room after the end, and dst must not overlap the records.
  (func (export "compactRecords") (param $src i32) (param $count i32) (param $size i32) (param $assets i32) (param $dst i32) (result i32)
    (local $r i32) (local $record i32) (local $a i32) (local $word i32) (local $zeros i32) (local $n i32)
    (local $hi i64) (local $lo i64) (local $shift i64)
    (block $done
      (loop $records
        (br_if $done (i32.ge_u (local.get $r) (local.get $count)))
        (local.set $record (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $size))))
        (i64.store offset=0 align=1 (local.get $dst) (i64.load offset=0 align=1 (local.get $record)))
        (i64.store offset=8 align=1 (local.get $dst) (i64.load offset=8 align=1 (local.get $record)))
        (i64.store offset=16 align=1 (local.get $dst) (i64.load offset=16 align=1 (local.get $record)))
        (i64.store offset=24 align=1 (local.get $dst) (i64.load offset=24 align=1 (local.get $record)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (local.set $a (i32.const 0))
        (block $sumsDone
          (loop $sums
            (br_if $sumsDone (i32.ge_u (local.get $a) (local.get $assets)))
            (local.set $word (i32.add (local.get $record) (i32.shl (i32.add (local.get $a) (i32.const 1)) (i32.const 5))))
            (local.set $hi (call $bswap (i64.load offset=16 align=1 (local.get $word))))
            (local.set $lo (call $bswap (i64.load offset=24 align=1 (local.get $word))))
            ;; n = 16 - (leading zero bits of hi:lo) / 8, and the sum shifted left by 128 - 8 n bits, so
            ;; its first significant byte is the top one (i64 shifts count modulo 64: each case keeps its
            ;; count below 64; a zero sum has n = 0 and stays zero).
            (local.set $zeros (if (result i32) (i64.eqz (local.get $hi))
              (then (i32.add (i32.const 64) (i32.wrap_i64 (i64.clz (local.get $lo)))))
              (else (i32.wrap_i64 (i64.clz (local.get $hi))))))
            (local.set $n (i32.sub (i32.const 16) (i32.shr_u (local.get $zeros) (i32.const 3))))
            (local.set $shift (i64.extend_i32_u (i32.sub (i32.const 128) (i32.shl (local.get $n) (i32.const 3)))))
            (if (i64.ge_u (local.get $shift) (i64.const 64))
              (then
                (local.set $hi (i64.shl (local.get $lo) (i64.sub (local.get $shift) (i64.const 64))))
                (local.set $lo (i64.const 0)))
              (else (if (i64.ne (local.get $shift) (i64.const 0))
                (then
                  (local.set $hi (i64.or (i64.shl (local.get $hi) (local.get $shift))
                                         (i64.shr_u (local.get $lo) (i64.sub (i64.const 64) (local.get $shift)))))
                  (local.set $lo (i64.shl (local.get $lo) (local.get $shift)))))))
            (i32.store8 (local.get $dst) (local.get $n))
            (i64.store offset=1 align=1 (local.get $dst) (call $bswap (local.get $hi)))
            (i64.store offset=9 align=1 (local.get $dst) (call $bswap (local.get $lo)))
            (local.set $dst (i32.add (local.get $dst) (i32.add (local.get $n) (i32.const 1))))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $sums)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $records)))
    (local.get $dst))
)
`;
}
