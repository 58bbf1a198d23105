/**
 * Per-packet offsets for 802.11 captures, computed at the start of the program as libpcap
 * does: the radiotap header's length, then where an 802.11 frame's payload begins (24 bytes
 * of header, 2 more for QoS data frames, rounded up to 4 when radiotap says the driver padded
 * the header).
 */
import type { Offset } from './codegen-state.js';
import {
  alu,
  and,
  cmp,
  constant,
  load,
  not,
  type Register,
  type Test,
  type Value,
} from './program.js';

/** Fixed part of an 802.11 data header (frame control to sequence control). */
const WLAN_HEADER_LENGTH = 24;
/** QoS control field of QoS data frames. */
const WLAN_QOS_LENGTH = 2;
const FC_TYPE_CONTROL = 0x04;
const FC_TYPE_DATA = 0x08;
const FC_SUBTYPE_QOS = 0x80;
/** Radiotap `it_present` word read big-endian: Flags present, TSFT present, extension bit. */
const RADIOTAP_PRESENT_OFFSET = 4;
const PRESENT_FLAGS = 0x02000000;
const PRESENT_TSFT = 0x01000000;
const PRESENT_EXT = 0x80;
/** Flags field offset with and without the 8-byte TSFT field before it. */
const FLAGS_AFTER_TSFT = 16;
const FLAGS_WITHOUT_TSFT = 8;
const FLAG_DATAPAD = 0x20;
const PAD_TO = 4;

function reg(r: Register): Value {
  return { kind: 'reg', reg: r };
}

function bitSet(v: Value, bits: number): Test {
  return cmp('set', v, constant(bits));
}

/** The radiotap length is a little-endian 16-bit field at offset 2. */
export function radiotapLengthSteps(r: Register): Test[] {
  const len = alu('|', alu('<<', load(1, 3), constant(8)), load(1, 2));
  return [{ kind: 'set', reg: r, value: len }];
}

/** True for a data frame: type bits say data, not control. */
export function isDataFrame(frameControl: Value): Test {
  return and(not(bitSet(frameControl, FC_TYPE_CONTROL)), bitSet(frameControl, FC_TYPE_DATA));
}

function frameControl(header: Offset): Value {
  return header.reg === undefined ? load(1, header.k) : load(1, header.k, reg(header.reg));
}

export function wlanPayloadSteps(r: Register, header: Offset): Test[] {
  const base: Value = header.reg === undefined ? constant(header.k) : reg(header.reg);
  const fc = frameControl(header);
  const steps: Test[] = [
    { kind: 'set', reg: r, value: alu('+', base, constant(WLAN_HEADER_LENGTH)) },
    {
      kind: 'set',
      reg: r,
      value: {
        kind: 'select',
        test: and(isDataFrame(fc), bitSet(fc, FC_SUBTYPE_QOS)),
        then: alu('+', reg(r), constant(WLAN_QOS_LENGTH)),
        otherwise: reg(r),
      },
    },
  ];
  if (header.reg !== undefined) steps.push(paddingStep(r, fc));
  return steps;
}

/** Rounds the payload offset up when radiotap's Flags field has the data-pad bit. */
function paddingStep(r: Register, fc: Value): Test {
  const present = load(4, RADIOTAP_PRESENT_OFFSET);
  const flags: Value = {
    kind: 'select',
    test: bitSet(present, PRESENT_TSFT),
    then: load(1, FLAGS_AFTER_TSFT),
    otherwise: load(1, FLAGS_WITHOUT_TSFT),
  };
  const padded = and(
    and(isDataFrame(fc), and(bitSet(present, PRESENT_FLAGS), not(bitSet(present, PRESENT_EXT)))),
    bitSet(flags, FLAG_DATAPAD),
  );
  const rounded = alu('&', alu('+', reg(r), constant(PAD_TO - 1)), constant(~(PAD_TO - 1)));
  return {
    kind: 'set',
    reg: r,
    value: { kind: 'select', test: padded, then: rounded, otherwise: reg(r) },
  };
}
