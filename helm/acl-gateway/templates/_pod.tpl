{{/*
The pod spec of both workloads: the gateway Deployment and, with shape `split`, the relay
StatefulSet. Call with (dict "ctx" . "role" "both|gateway|relay" "selector" <selector labels>
"resources" <resources>); the role becomes ACL_ROLE (nothing for both, the application's default).
*/}}
{{- define "acl-gateway.podSpec" -}}
{{- $ctx := .ctx }}
{{- $role := .role }}
{{- $selector := .selector }}
{{- $resources := .resources }}
{{- $signingSecret := include "acl-gateway.signingSecretName" $ctx -}}
spec:
  serviceAccountName: {{ include "acl-gateway.serviceAccountName" $ctx }}
  automountServiceAccountToken: {{ $ctx.Values.serviceAccount.automountServiceAccountToken }}
  # No Service environment variables: a Service named acl-... would otherwise inject ACL_*
  # variables that Spring's relaxed binding reads as acl.* properties.
  enableServiceLinks: false
  {{- with $ctx.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $ctx.Values.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  securityContext:
    {{- toYaml $ctx.Values.podSecurityContext | nindent 4 }}
  # At least preStop sleep + the gateway's shutdown timeout + a margin (checked above).
  terminationGracePeriodSeconds: {{ $ctx.Values.terminationGracePeriodSeconds }}
  containers:
    - name: gateway
      image: {{ include "acl-gateway.image" $ctx | quote }}
      imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
      securityContext:
        {{- toYaml $ctx.Values.securityContext | nindent 8 }}
      ports:
        - name: http
          containerPort: {{ $ctx.Values.ports.http }}
          protocol: TCP
        - name: management
          containerPort: {{ $ctx.Values.ports.management }}
          protocol: TCP
      envFrom:
        - configMapRef:
            name: {{ include "acl-gateway.suffixedName" (list $ctx "env") }}
        {{- with $ctx.Values.extraEnvFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- if or $signingSecret $ctx.Values.extraEnv (ne $role "both") }}
      env:
        {{- if ne $role "both" }}
        # What this workload runs (shape `split`): the proxy and POST /events, or the Kafka relay.
        - name: ACL_ROLE
          value: {{ $role | quote }}
        {{- end }}
        {{- if eq $role "relay" }}
        # Static group membership: the pod's stable name is its group.instance.id.
        - name: ACL_EVENTS_KAFKA_INSTANCEID
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS
          value: {{ mul (int $ctx.Values.relay.sessionTimeoutSeconds) 1000 | quote }}
        {{- end }}
        {{- if $signingSecret }}
        # Comma-separated whsec_... secrets, from a Secret only (never from values).
        - name: ACL_EVENTS_SIGNING_SECRETS
          valueFrom:
            secretKeyRef:
              name: {{ $signingSecret }}
              key: {{ $ctx.Values.events.signingSecrets.key }}
        {{- end }}
        {{- with $ctx.Values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- end }}
      startupProbe:
        httpGet:
          path: /actuator/health/liveness
          port: management
        periodSeconds: {{ $ctx.Values.probes.startup.periodSeconds }}
        timeoutSeconds: {{ $ctx.Values.probes.startup.timeoutSeconds }}
        failureThreshold: {{ $ctx.Values.probes.startup.failureThreshold }}
      livenessProbe:
        httpGet:
          path: /actuator/health/liveness
          port: management
        periodSeconds: {{ $ctx.Values.probes.liveness.periodSeconds }}
        timeoutSeconds: {{ $ctx.Values.probes.liveness.timeoutSeconds }}
        failureThreshold: {{ $ctx.Values.probes.liveness.failureThreshold }}
      readinessProbe:
        httpGet:
          path: /actuator/health/readiness
          port: management
        periodSeconds: {{ $ctx.Values.probes.readiness.periodSeconds }}
        timeoutSeconds: {{ $ctx.Values.probes.readiness.timeoutSeconds }}
        failureThreshold: {{ $ctx.Values.probes.readiness.failureThreshold }}
        successThreshold: {{ $ctx.Values.probes.readiness.successThreshold }}
      lifecycle:
        # Endpoints and load balancers drop the pod while it still serves; then SIGTERM starts
        # Spring's graceful shutdown (lifecycle.shutdownTimeoutSeconds).
        preStop:
          {{- if $ctx.Values.lifecycle.preStopSleepAction }}
          sleep:
            seconds: {{ $ctx.Values.lifecycle.preStopSleepSeconds }}
          {{- else }}
          exec:
            command: ["sleep", "{{ $ctx.Values.lifecycle.preStopSleepSeconds }}"]
          {{- end }}
      {{- with $resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        # A directory mount, never subPath: the kubelet only updates files of directory mounts.
        - name: routing
          mountPath: {{ $ctx.Values.routing.mountPath }}
          readOnly: true
        - name: releases
          mountPath: {{ $ctx.Values.events.releases.mountPath }}
          readOnly: true
        {{- with $ctx.Values.extraVolumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: {{ $ctx.Values.tmpVolume.sizeLimit }}
    - name: routing
      configMap:
        name: {{ include "acl-gateway.routingConfigMapName" $ctx }}
        items:
          - key: {{ $ctx.Values.routing.fileName }}
            path: {{ $ctx.Values.routing.fileName }}
    - name: releases
      configMap:
        name: {{ include "acl-gateway.releasesConfigMapName" $ctx }}
        items:
          - key: {{ $ctx.Values.events.releases.fileName }}
            path: {{ $ctx.Values.events.releases.fileName }}
    {{- with $ctx.Values.extraVolumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with $ctx.Values.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- range . }}
    - labelSelector:
        {{- if .labelSelector }}
        {{- toYaml .labelSelector | nindent 8 }}
        {{- else }}
        matchLabels:
          {{- $selector | nindent 10 }}
        {{- end }}
      {{- toYaml (omit . "labelSelector") | nindent 6 }}
    {{- end }}
  {{- end }}
  {{- with $ctx.Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $ctx.Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $ctx.Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
