-- alb-doctor: 1 statement, 1 scan of "default"."alb_access_logs" (day partitions 2026/11/24..2026/11/24).
-- Athena bills the bytes a query reads: here the .log.gz objects of those day folders, read once, at $5 per TB
-- (10 MB minimum per query). `analyze --engine athena` reports each query's id, bytes scanned, time and cost.

-- alb-doctor triage: triage
SELECT part, minute, elb_status_code, signature, source, elb, target_group, target, url_path, client, tpt, nvr_target, bucket, err_target, err_minute, err_second, ss_status, ss_id, ss_code, ss_minute, protocol, tpt_bucket, elapsed_bucket, elapsed_second, ok_path, ex_signature, ex_target, ex_path, e_type, e_time, e_elb, e_client_ip, e_client_port, e_target_ip, e_target_port, e_request_processing_time, e_target_processing_time, e_response_processing_time, e_elb_status_code, e_target_status_code, e_received_bytes, e_sent_bytes, e_request_verb, e_request_url, e_request_proto, e_user_agent, e_ssl_cipher, e_ssl_protocol, e_target_group_arn, e_trace_id, e_domain_name, e_chosen_cert_arn, e_matched_rule_priority, e_request_creation_time, e_actions_executed, e_redirect_url, e_lambda_error_reason, e_target_port_list, e_target_status_code_list, e_classification, e_classification_reason, e_conn_trace_id, e_transformed_host, e_transformed_uri, e_request_transform_status,
  requests, first_time, last_time, fast, no_valid_response_targets, not_dispatched, max_time
FROM (
  SELECT *,
    CASE WHEN part = 'bursts' THEN dense_rank() OVER (PARTITION BY part, nvr_target ORDER BY bucket DESC)
      END AS recent,
    CASE WHEN part = 'target_minutes' THEN row_number() OVER (PARTITION BY part, err_target ORDER BY err_minute)
      END AS minute_rank,
    CASE WHEN part = 'target_seconds'
      THEN row_number() OVER (PARTITION BY part, err_target ORDER BY err_second DESC) END AS second_rank,
    CASE WHEN part = 'target_seconds' THEN row_number() OVER (
      PARTITION BY part, err_target, not_dispatched > 0 ORDER BY err_second DESC) END AS refused_rank,
    CASE WHEN part = 'status_target_minutes' THEN row_number() OVER (
      PARTITION BY part, ss_status, ss_id, ss_code ORDER BY first_seen, target, ss_minute) END
      AS target_minute_rank,
    CASE WHEN part = 'examples' THEN row_number() OVER (PARTITION BY part ORDER BY substr(e_trace_id, 17), e_time, e_trace_id)
      END AS example_rank,
    CASE WHEN part = 'examples' THEN row_number() OVER (PARTITION BY part, ex_signature ORDER BY substr(e_trace_id, 17), e_time, e_trace_id)
      END AS signature_rank,
    CASE WHEN part = 'examples' THEN row_number() OVER (
      PARTITION BY part, ex_signature, ex_target ORDER BY substr(e_trace_id, 17), e_time, e_trace_id) END AS target_rank,
    CASE WHEN part = 'examples' THEN row_number() OVER (
      PARTITION BY part, ex_signature, ex_path ORDER BY substr(e_trace_id, 17), e_time, e_trace_id) END AS path_rank
  FROM (
    SELECT
      CASE
        WHEN grouping(p_timeline) = 0 THEN 'timeline'
        WHEN grouping(p_targets) = 0 THEN 'targets'
        WHEN grouping(p_paths) = 0 THEN 'paths'
        WHEN grouping(p_clients) = 0 THEN 'clients'
        WHEN grouping(p_processing_times) = 0 THEN 'processing_times'
        WHEN grouping(p_bursts) = 0 THEN 'bursts'
        WHEN grouping(p_target_minutes) = 0 THEN 'target_minutes'
        WHEN grouping(p_target_seconds) = 0 THEN 'target_seconds'
        WHEN grouping(p_status_signatures) = 0 THEN 'status_signatures'
        WHEN grouping(p_status_targets) = 0 THEN 'status_targets'
        WHEN grouping(p_status_paths) = 0 THEN 'status_paths'
        WHEN grouping(p_status_target_minutes) = 0 THEN 'status_target_minutes'
        WHEN grouping(p_status_target_groups) = 0 THEN 'status_target_groups'
        WHEN grouping(p_status_protocols) = 0 THEN 'status_protocols'
        WHEN grouping(p_status_processing_times) = 0 THEN 'status_processing_times'
        WHEN grouping(p_status_elapsed) = 0 THEN 'status_elapsed'
        WHEN grouping(p_success_latency) = 0 THEN 'success_latency'
        WHEN grouping(p_examples) = 0 THEN 'examples'
      END AS part,
      minute, elb_status_code, signature, source, elb, target_group, target, url_path, client, tpt, nvr_target, bucket, err_target, err_minute, err_second, ss_status, ss_id, ss_code, ss_minute, protocol, tpt_bucket, elapsed_bucket, elapsed_second, ok_path, ex_signature, ex_target, ex_path, e_type, e_time, e_elb, e_client_ip, e_client_port, e_target_ip, e_target_port, e_request_processing_time, e_target_processing_time, e_response_processing_time, e_elb_status_code, e_target_status_code, e_received_bytes, e_sent_bytes, e_request_verb, e_request_url, e_request_proto, e_user_agent, e_ssl_cipher, e_ssl_protocol, e_target_group_arn, e_trace_id, e_domain_name, e_chosen_cert_arn, e_matched_rule_priority, e_request_creation_time, e_actions_executed, e_redirect_url, e_lambda_error_reason, e_target_port_list, e_target_status_code_list, e_classification, e_classification_reason, e_conn_trace_id, e_transformed_host, e_transformed_uri, e_request_transform_status,
      count(*) AS requests, min(time) AS first_time, max(time) AS last_time, count_if(fast) AS fast,
      count(DISTINCT nvr_target) AS no_valid_response_targets, count_if(not_dispatched) AS not_dispatched,
      max(ok_time) AS max_time,
      min(concat(coalesce(source_object, ''), ' ', coalesce(time, ''))) AS first_seen
    FROM (
      SELECT *,
        CASE WHEN ss_id IS NOT NULL THEN elb_status_code END AS ss_status,
        CASE WHEN ss_id IS NOT NULL AND target IS NOT NULL THEN minute END AS ss_minute,
        CASE WHEN ss_id IS NOT NULL
          THEN concat(type, ' ', CASE WHEN request_proto = '- ' THEN '' ELSE request_proto END) END AS protocol,
        CASE WHEN ss_id IS NOT NULL THEN CASE
            WHEN elapsed_us IS NULL OR elapsed_us < 0 THEN 0
            WHEN elapsed_us < 1000 THEN 1
            WHEN elapsed_us < 10000 THEN 2
            WHEN elapsed_us < 100000 THEN 3
            WHEN elapsed_us < 1000000 THEN 4
            WHEN elapsed_us < 10000000 THEN 5
            WHEN elapsed_us < 30000000 THEN 6
            WHEN elapsed_us < 60000000 THEN 7
            ELSE 8
          END END
          AS elapsed_bucket,
        CASE WHEN ss_id IS NOT NULL AND elapsed_us >= 0
          THEN least(4001, CAST(floor(elapsed_us / 1e6) AS bigint)) END AS elapsed_second,
        CASE WHEN elb_status_code >= 400 THEN coalesce(signature, concat(ss_id, '/', coalesce(ss_code, '')))
          END AS ex_signature,
        CASE WHEN elb_status_code >= 400 THEN target END AS ex_target,
        CASE WHEN elb_status_code >= 400 THEN url_path END AS ex_path,
        CASE WHEN elb_status_code >= 400 THEN type END AS e_type,
        CASE WHEN elb_status_code >= 400 THEN time END AS e_time,
        CASE WHEN elb_status_code >= 400 THEN elb END AS e_elb,
        CASE WHEN elb_status_code >= 400 THEN client_ip END AS e_client_ip,
        CASE WHEN elb_status_code >= 400 THEN client_port END AS e_client_port,
        CASE WHEN elb_status_code >= 400 THEN target_ip END AS e_target_ip,
        CASE WHEN elb_status_code >= 400 THEN target_port END AS e_target_port,
        CASE WHEN elb_status_code >= 400 THEN request_processing_time END AS e_request_processing_time,
        CASE WHEN elb_status_code >= 400 THEN target_processing_time END AS e_target_processing_time,
        CASE WHEN elb_status_code >= 400 THEN response_processing_time END AS e_response_processing_time,
        CASE WHEN elb_status_code >= 400 THEN elb_status_code END AS e_elb_status_code,
        CASE WHEN elb_status_code >= 400 THEN target_status_code END AS e_target_status_code,
        CASE WHEN elb_status_code >= 400 THEN received_bytes END AS e_received_bytes,
        CASE WHEN elb_status_code >= 400 THEN sent_bytes END AS e_sent_bytes,
        CASE WHEN elb_status_code >= 400 THEN request_verb END AS e_request_verb,
        CASE WHEN elb_status_code >= 400 THEN request_url END AS e_request_url,
        CASE WHEN elb_status_code >= 400 THEN request_proto END AS e_request_proto,
        CASE WHEN elb_status_code >= 400 THEN user_agent END AS e_user_agent,
        CASE WHEN elb_status_code >= 400 THEN ssl_cipher END AS e_ssl_cipher,
        CASE WHEN elb_status_code >= 400 THEN ssl_protocol END AS e_ssl_protocol,
        CASE WHEN elb_status_code >= 400 THEN target_group_arn END AS e_target_group_arn,
        CASE WHEN elb_status_code >= 400 THEN trace_id END AS e_trace_id,
        CASE WHEN elb_status_code >= 400 THEN domain_name END AS e_domain_name,
        CASE WHEN elb_status_code >= 400 THEN chosen_cert_arn END AS e_chosen_cert_arn,
        CASE WHEN elb_status_code >= 400 THEN matched_rule_priority END AS e_matched_rule_priority,
        CASE WHEN elb_status_code >= 400 THEN request_creation_time END AS e_request_creation_time,
        CASE WHEN elb_status_code >= 400 THEN actions_executed END AS e_actions_executed,
        CASE WHEN elb_status_code >= 400 THEN redirect_url END AS e_redirect_url,
        CASE WHEN elb_status_code >= 400 THEN lambda_error_reason END AS e_lambda_error_reason,
        CASE WHEN elb_status_code >= 400 THEN target_port_list END AS e_target_port_list,
        CASE WHEN elb_status_code >= 400 THEN target_status_code_list END AS e_target_status_code_list,
        CASE WHEN elb_status_code >= 400 THEN classification END AS e_classification,
        CASE WHEN elb_status_code >= 400 THEN classification_reason END AS e_classification_reason,
        CASE WHEN elb_status_code >= 400 THEN conn_trace_id END AS e_conn_trace_id,
        CASE WHEN elb_status_code >= 400 THEN transformed_host END AS e_transformed_host,
        CASE WHEN elb_status_code >= 400 THEN transformed_uri END AS e_transformed_uri,
        CASE WHEN elb_status_code >= 400 THEN request_transform_status END AS e_request_transform_status
      FROM (
        SELECT *,
          CASE ss_id WHEN 'error-reason' THEN lambda_error_reason
            WHEN 'target-status' THEN CAST(target_status AS varchar) END AS ss_code
        FROM (
          SELECT *,
            CASE
              WHEN elb_status_code = 502 THEN CASE
                WHEN target_status_code = '502' THEN 'target'
                WHEN target_status_code = '-' AND (target_ip <> '' OR lambda_error_reason LIKE 'Lambda%')
                  THEN 'load_balancer'
                ELSE 'other'
              END
              WHEN elb_status_code >= 400 THEN CASE
                WHEN target_status = elb_status_code THEN 'target'
                WHEN actions_executed LIKE '%fixed-response%' THEN 'other'
                WHEN target_status IS NOT NULL AND elb_status_code <> 504 THEN 'other'
                ELSE 'load_balancer'
              END
            END AS source,
            CASE
              WHEN elb_status_code IS NULL OR elb_status_code < 400 OR elb_status_code = 502 THEN NULL
              WHEN target_status = elb_status_code THEN 'target-returned'
              WHEN coalesce(lambda_error_reason, '-') <> '-' THEN 'error-reason'
              WHEN actions_executed LIKE '%fixed-response%' THEN 'fixed-response'
              WHEN matched_rule_priority = '-1' THEN 'rule-evaluation-error'
              WHEN target_status IS NOT NULL THEN 'target-status'
              WHEN target_ip = '' THEN 'no-target'
              WHEN elb_status_code = 504 AND elapsed_us BETWEEN 9500000 AND 11000000
                THEN 'connect-timeout'
              WHEN elb_status_code = 504 THEN 'response-timeout'
              WHEN coalesce(request_processing_time, -1) = -1 AND coalesce(target_processing_time, -1) = -1
                AND coalesce(response_processing_time, -1) = -1 THEN 'not-dispatched'
              ELSE 'no-response'
            END AS ss_id,
            CASE WHEN signature IS NOT NULL THEN target_processing_time END AS tpt,
            coalesce(signature, '') = 'no-valid-response' AND coalesce(target_processing_time, -1) >= 0 AND coalesce(target_processing_time, -1) < 0.010 AS fast,
            coalesce(signature, '') = 'not-dispatched' AS not_dispatched,
            CASE WHEN signature = 'no-valid-response' THEN target END AS nvr_target,
            CASE WHEN signature = 'no-valid-response' AND target IS NOT NULL THEN substr(time, 1, 21) END AS bucket,
            CASE WHEN signature IS NOT NULL THEN target END AS err_target,
            CASE WHEN signature IS NOT NULL AND target IS NOT NULL THEN minute END AS err_minute,
            CASE WHEN signature IS NOT NULL AND target IS NOT NULL THEN substr(time, 1, 19) END AS err_second,
            CASE
              WHEN target_processing_time IS NULL OR target_processing_time < 0 THEN 0
              WHEN target_processing_time < 0.001 THEN 1
              WHEN target_processing_time < 0.01 THEN 2
              WHEN target_processing_time < 0.1 THEN 3
              WHEN target_processing_time < 1.0 THEN 4
              WHEN target_processing_time < 10.0 THEN 5
              WHEN target_processing_time < 30.0 THEN 6
              WHEN target_processing_time < 60.0 THEN 7
              ELSE 8
            END AS tpt_bucket,
            CASE WHEN elb_status_code < 400 AND target_processing_time >= 0 THEN url_path END AS ok_path,
            CASE WHEN elb_status_code < 400 AND target_processing_time >= 0 THEN target_processing_time END AS ok_time,
            1 AS p_timeline, 1 AS p_targets, 1 AS p_paths, 1 AS p_clients, 1 AS p_processing_times, 1 AS p_bursts, 1 AS p_target_minutes, 1 AS p_target_seconds, 1 AS p_status_signatures, 1 AS p_status_targets, 1 AS p_status_paths, 1 AS p_status_target_minutes, 1 AS p_status_target_groups, 1 AS p_status_protocols, 1 AS p_status_processing_times, 1 AS p_status_elapsed, 1 AS p_success_latency, 1 AS p_examples
          FROM (
            SELECT type, time, elb, client_ip, client_port, target_ip, target_port, request_processing_time, target_processing_time, response_processing_time, elb_status_code, target_status_code, received_bytes, sent_bytes, request_verb, request_url, request_proto, user_agent, ssl_cipher, ssl_protocol, target_group_arn, trace_id, domain_name, chosen_cert_arn, matched_rule_priority, request_creation_time, actions_executed, redirect_url, lambda_error_reason, target_port_list, target_status_code_list, classification, classification_reason, conn_trace_id, transformed_host, transformed_uri, request_transform_status,
              substr(time, 1, 16) AS minute,
              nullif(target_group_arn, '-') AS target_group,
              CASE WHEN target_ip = '' THEN NULL ELSE concat(target_ip, ':', CAST(target_port AS varchar)) END AS target,
              CASE WHEN elb_status_code = 502 THEN client_ip END AS client,
              CASE
                WHEN request_url IS NULL THEN NULL
                WHEN request_url IN ('', '-') THEN '-'
                ELSE coalesce(nullif(array_join(transform(
                  split(substr(split_part(split_part(
                    regexp_replace(request_url, '^[^/:]{0,11}://[^/?#]*', ''), '?', 1), '#', 1), 1, 256),
                    '/'),
                  path_segment -> array_join(transform(split(path_segment, '.'),
                    path_part -> CASE WHEN (regexp_like(path_part, '^[0-9]+$') OR (regexp_like(path_part, '[0-9]') AND ((length(path_part) >= 8 AND regexp_like(path_part, '^[0-9a-fA-F-]+$')) OR (length(path_part) >= 16 AND regexp_like(path_part, '^[0-9A-Za-z_-]+$'))))) THEN '{id}' ELSE path_part END), '.')), '/'), ''), '/')
              END AS url_path,
              CASE
                WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
                WHEN target_status_code = '502' THEN 'target-returned-502'
                WHEN lambda_error_reason LIKE 'Lambda%' THEN concat('lambda-error/', lambda_error_reason)
                WHEN actions_executed LIKE '%fixed-response%' THEN 'other/fixed-response'
                WHEN target_status_code <> '-' THEN concat('other/target-status-', target_status_code)
                WHEN target_ip = '' THEN 'other/no-target'
                WHEN coalesce(request_processing_time, -1) = -1 AND coalesce(target_processing_time, -1) = -1
                  AND coalesce(response_processing_time, -1) = -1 THEN 'not-dispatched'
                ELSE 'no-valid-response'
              END AS signature,
              try_cast(target_status_code AS integer) AS target_status,
              "$path" AS source_object,
              CASE WHEN elb_status_code >= 400 AND elb_status_code <> 502
                AND request_creation_time LIKE '____-__-__T__:__:__.______Z' THEN
                date_diff('day', try_cast(substr(request_creation_time, 1, 10) AS date), try_cast(substr(time, 1, 10) AS date))
                  * 86400000000 + (try_cast(substr(time, 12, 2) AS bigint) * 3600000000 + try_cast(substr(time, 15, 2) AS bigint) * 60000000 + try_cast(substr(time, 18, 2) AS bigint) * 1000000 + try_cast(substr(time, 21, 6) AS bigint)) - (try_cast(substr(request_creation_time, 12, 2) AS bigint) * 3600000000 + try_cast(substr(request_creation_time, 15, 2) AS bigint) * 60000000 + try_cast(substr(request_creation_time, 18, 2) AS bigint) * 1000000 + try_cast(substr(request_creation_time, 21, 6) AS bigint))
              END AS elapsed_us
            FROM "default"."alb_access_logs"
            WHERE day BETWEEN '2026/11/24' AND '2026/11/24'
              AND NOT regexp_like("$path", '/(health_check_log|conn_log)_[^/]*$')
              AND (time IS NULL OR (time >= '2026-11-24T09:00:00.000000Z' AND time < '2026-11-24T10:00:00.000000Z'))
          )
        )
      )
    )
    GROUP BY GROUPING SETS (
      (p_timeline, minute, elb_status_code, signature, source),
      (p_targets, elb, target_group, target, signature),
      (p_paths, url_path, signature),
      (p_clients, client, signature),
      (p_processing_times, signature, tpt),
      (p_bursts, nvr_target, url_path, bucket),
      (p_target_minutes, err_target, err_minute),
      (p_target_seconds, err_target, err_second),
      (p_status_signatures, ss_status, ss_id, ss_code),
      (p_status_targets, ss_status, ss_id, ss_code, target),
      (p_status_paths, ss_status, ss_id, ss_code, url_path),
      (p_status_target_minutes, ss_status, ss_id, ss_code, target, ss_minute),
      (p_status_target_groups, ss_status, ss_id, ss_code, target_group),
      (p_status_protocols, ss_status, ss_id, ss_code, protocol),
      (p_status_processing_times, ss_status, ss_id, ss_code, tpt_bucket),
      (p_status_elapsed, ss_status, ss_id, ss_code, elapsed_bucket, elapsed_second),
      (p_success_latency, ok_path, tpt_bucket),
      (p_examples, ex_signature, ex_target, ex_path, e_type, e_time, e_elb, e_client_ip, e_client_port, e_target_ip, e_target_port, e_request_processing_time, e_target_processing_time, e_response_processing_time, e_elb_status_code, e_target_status_code, e_received_bytes, e_sent_bytes, e_request_verb, e_request_url, e_request_proto, e_user_agent, e_ssl_cipher, e_ssl_protocol, e_target_group_arn, e_trace_id, e_domain_name, e_chosen_cert_arn, e_matched_rule_priority, e_request_creation_time, e_actions_executed, e_redirect_url, e_lambda_error_reason, e_target_port_list, e_target_status_code_list, e_classification, e_classification_reason, e_conn_trace_id, e_transformed_host, e_transformed_uri, e_request_transform_status)
    )
  )
)
WHERE (part = 'timeline')
  OR (part = 'targets' AND elb IS NOT NULL)
  OR (part = 'paths' AND url_path IS NOT NULL)
  OR (part = 'clients' AND client IS NOT NULL)
  OR (part = 'processing_times' AND signature IS NOT NULL)
  OR (part = 'bursts' AND nvr_target IS NOT NULL AND recent <= 21)
  OR (part = 'target_minutes' AND err_target IS NOT NULL AND minute_rank <= 240)
  OR (part = 'target_seconds' AND err_target IS NOT NULL AND (second_rank <= 180 OR (not_dispatched > 0 AND refused_rank <= 180)))
  OR (part = 'status_signatures' AND ss_status IS NOT NULL)
  OR (part = 'status_targets' AND ss_status IS NOT NULL AND target IS NOT NULL)
  OR (part = 'status_paths' AND ss_status IS NOT NULL)
  OR (part = 'status_target_minutes' AND ss_minute IS NOT NULL AND target_minute_rank <= 4096)
  OR (part = 'status_target_groups' AND ss_status IS NOT NULL AND target_group IS NOT NULL)
  OR (part = 'status_protocols' AND ss_status IS NOT NULL)
  OR (part = 'status_processing_times' AND ss_status IS NOT NULL)
  OR (part = 'status_elapsed' AND ss_status IS NOT NULL)
  OR (part = 'success_latency' AND ok_path IS NOT NULL)
  OR (part = 'examples' AND e_time IS NOT NULL AND (example_rank <= 10000 OR signature_rank <= 3 OR target_rank <= 2 OR path_rank <= 2))
ORDER BY part, first_seen, minute, elb_status_code, signature, source, elb, target_group, target, url_path, client, tpt, nvr_target, bucket, err_target, err_minute, err_second, ss_status, ss_id, ss_code, ss_minute, protocol, tpt_bucket, elapsed_bucket, elapsed_second, ok_path, ex_signature, ex_target, ex_path, e_time, e_trace_id
;
