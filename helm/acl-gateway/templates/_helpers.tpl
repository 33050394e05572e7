{{/*
Helpers shared by every template. Names follow Helm's conventions (and those of
prometheus-community's charts): DNS labels are at most 63 characters.
*/}}

{{/* The chart's name, or nameOverride. */}}
{{- define "acl-gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The fully qualified app name, used for every object: fullnameOverride, else the release name
when it already contains the chart's name, else "<release>-<chart>"; at most 63 characters.
*/}}
{{- define "acl-gateway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
A name derived from the fullname with a suffix ("-management", "-routing", ...), still at most
63 characters: the fullname is shortened, never the suffix. Call with (list . "suffix").
*/}}
{{- define "acl-gateway.suffixedName" -}}
{{- $ctx := index . 0 }}
{{- $suffix := index . 1 }}
{{- $base := include "acl-gateway.fullname" $ctx | trunc (int (sub 62 (len $suffix))) | trimSuffix "-" }}
{{- printf "%s-%s" $base $suffix }}
{{- end }}

{{/* Chart name and version, as in the helm.sh/chart label. */}}
{{- define "acl-gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object of the gateway itself (component "gateway"). */}}
{{- define "acl-gateway.labels" -}}
{{ include "acl-gateway.componentLabels" (list . "gateway") }}
{{- end }}

{{/*
Labels on every object, with its app.kubernetes.io/component: "gateway" for the gateway and what
serves it, "public" and "management" for the two Services, "routing" for the routing ConfigMap
(and "test" on the helm test Pod). Call with (list . "component").
*/}}
{{- define "acl-gateway.componentLabels" -}}
{{- $ctx := index . 0 -}}
helm.sh/chart: {{ include "acl-gateway.chart" $ctx }}
{{ include "acl-gateway.selectorLabels" $ctx }}
app.kubernetes.io/component: {{ index . 1 }}
{{ include "acl-gateway.commonLabels" $ctx }}
{{- end }}

{{/*
The labels every object shares beyond name and instance. The helm test Pod has these but not
the selector labels, so that no Service ever sends it traffic.
*/}}
{{- define "acl-gateway.commonLabels" -}}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | quote }}
app.kubernetes.io/part-of: acl-gateway
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels that select the gateway's pods; never change them on an installed release. */}}
{{- define "acl-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "acl-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The ServiceAccount the pods run as. */}}
{{- define "acl-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "acl-gateway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image reference: repository, then @digest when set, else :tag (appVersion by default). */}}
{{- define "acl-gateway.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* The helm test Pod's image: tests.image.repository, then @digest when set, else :tag. */}}
{{- define "acl-gateway.testImage" -}}
{{- if .Values.tests.image.digest }}
{{- printf "%s@%s" .Values.tests.image.repository .Values.tests.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.tests.image.repository .Values.tests.image.tag }}
{{- end }}
{{- end }}

{{/* The ConfigMap holding the routing file: the chart's own, or routing.existingConfigMap. */}}
{{- define "acl-gateway.routingConfigMapName" -}}
{{- .Values.routing.existingConfigMap | default (include "acl-gateway.suffixedName" (list . "routing")) }}
{{- end }}

{{/* The absolute path of the routing file inside the container (ACL_ROUTING_FILE). */}}
{{- define "acl-gateway.routingFilePath" -}}
{{- printf "%s/%s" (.Values.routing.mountPath | trimSuffix "/") .Values.routing.fileName }}
{{- end }}

{{/*
The Secret holding the events' signing secrets: events.signingSecrets.existingSecret, else the
chart's own when events.signingSecrets.create is true, else nothing (POST /events answers 401).
*/}}
{{- define "acl-gateway.signingSecretName" -}}
{{- if .Values.events.signingSecrets.existingSecret }}
{{- .Values.events.signingSecrets.existingSecret }}
{{- else if .Values.events.signingSecrets.create }}
{{- include "acl-gateway.suffixedName" (list . "signing") }}
{{- end }}
{{- end }}

{{/*
The PromQL label matchers that pick this release's series out of everything Prometheus holds:
the application tag every gateway metric carries, the release's namespace, and any extra.
*/}}
{{- define "acl-gateway.promSelector" -}}
application="acl-gateway",namespace="{{ .Release.Namespace }}"{{ with .Values.prometheusRule.extraSelector }},{{ . }}{{ end }}
{{- end }}

{{/* The runbook address of one alert: <runbookBaseUrl>/docs/operations.md#<anchor>. */}}
{{- define "acl-gateway.runbookUrl" -}}
{{- $ctx := index . 0 }}
{{- $anchor := index . 1 }}
{{- $base := $ctx.Values.prometheusRule.runbookBaseUrl | trimSuffix "/" }}
{{- if $base }}
{{- printf "%s/docs/operations.md#%s" $base $anchor }}
{{- else }}
{{- printf "docs/operations.md#%s" $anchor }}
{{- end }}
{{- end }}

{{/*
Labels that select the relay's pods (shape `split`): a name of their own, so that neither the
gateway Deployment's selector nor the public and management Services ever take a relay pod.
*/}}
{{- define "acl-gateway.relaySelectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-relay" (include "acl-gateway.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels on every object of the relay (component "relay"). */}}
{{- define "acl-gateway.relayLabels" -}}
helm.sh/chart: {{ include "acl-gateway.chart" . }}
{{ include "acl-gateway.relaySelectorLabels" . }}
app.kubernetes.io/component: relay
{{ include "acl-gateway.commonLabels" . }}
{{- end }}

{{/* The ConfigMap holding the release file: the chart's own, or events.releases.existingConfigMap. */}}
{{- define "acl-gateway.releasesConfigMapName" -}}
{{- .Values.events.releases.existingConfigMap | default (include "acl-gateway.suffixedName" (list . "releases")) }}
{{- end }}

{{/* The absolute path of the release file inside the container (ACL_EVENTS_RELEASEFILE). */}}
{{- define "acl-gateway.releasesFilePath" -}}
{{- printf "%s/%s" (.Values.events.releases.mountPath | trimSuffix "/") .Values.events.releases.fileName }}
{{- end }}
