/**
 * What weird.log does with each weird name: log every occurrence (the default), log once per
 * connection, per originator or once at all, notice it, or ignore it. The table holds the names
 * whose treatment differs from plain logging in a default Zeek installation, so weird.log shows
 * the same rows.
 */

export type WeirdAction =
  | 'log'
  | 'log_once'
  | 'log_per_conn'
  | 'log_per_orig'
  | 'notice_per_orig'
  | 'ignore';

const PER_ORIG = 'log_per_orig';

export const WEIRD_ACTIONS: Readonly<Record<string, WeirdAction>> = {
  unsolicited_SYN_response: 'ignore',
  FIN_after_reset: 'ignore',
  spontaneous_FIN: 'ignore',
  spontaneous_RST: 'ignore',
  bad_ICMP_checksum: PER_ORIG,
  bad_RPC: PER_ORIG,
  bad_TCP_checksum: PER_ORIG,
  bad_UDP_checksum: PER_ORIG,
  bad_IP_checksum: PER_ORIG,
  connection_originator_SYN_ack: PER_ORIG,
  DNS_label_forward_compress_offset: PER_ORIG,
  DNS_label_len_gt_name_len: PER_ORIG,
  DNS_label_len_gt_pkt: PER_ORIG,
  DNS_label_too_long: PER_ORIG,
  excess_RPC: PER_ORIG,
  originator_RPC_reply: PER_ORIG,
  partial_RPC: PER_ORIG,
  responder_RPC_call: PER_ORIG,
  SYN_with_data: PER_ORIG,
  UDP_datagram_length_mismatch: PER_ORIG,
  excessively_small_fragment: PER_ORIG,
  fragment_inconsistency: PER_ORIG,
  fragment_overlap: PER_ORIG,
  fragment_size_inconsistency: PER_ORIG,
  SSH_max_packet_length_exceeded: PER_ORIG,
  SSH_max_string_length_exceeded: PER_ORIG,
  FIN_storm: 'notice_per_orig',
  SYN_after_partial: 'notice_per_orig',
  successful_RPC_reply_to_invalid_request: 'notice_per_orig',
  FTP_max_command_length_exceeded: 'log_per_conn',
  FTP_too_many_pending_commands: 'log_per_conn',
  FTP_user_too_long: 'log_per_conn',
  FTP_reply_msg_too_long: 'log_per_conn',
  FTP_arg_too_long: 'log_per_conn',
  FTP_password_too_long: 'log_per_conn',
  simultaneous_open: 'log_per_conn',
  smtp_mail_transaction_invalid: 'log_per_conn',
  smtp_excessive_invalid_mail_transactions: 'log_per_conn',
  smb_tree_connect_andx_response_without_tree: 'log_per_conn',
};

/** Names logged again each time, even for the same flow (checksum errors). */
export const WEIRD_REPEATS_LOGGED: ReadonlySet<string> = new Set([
  'bad_IP_checksum', 'bad_TCP_checksum', 'bad_UDP_checksum', 'bad_ICMP_checksum',
]);
