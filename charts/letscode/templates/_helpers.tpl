{{/* Names, labels, images and the switches shared by the templates. */}}

{{- define "letscode.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "letscode.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The name of one component's objects: <fullname>-<component>. */}}
{{- define "letscode.componentName" -}}
{{- printf "%s-%s" (include "letscode.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "letscode.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "letscode.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: letscode
{{- end -}}

{{/* Labels of one component; call with (dict "root" $ "component" "api"). */}}
{{- define "letscode.componentLabels" -}}
{{ include "letscode.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "letscode.selectorLabels" -}}
app.kubernetes.io/name: {{ include "letscode.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* A LetsCode image; call with (dict "root" $ "image" .Values.api.image). */}}
{{- define "letscode.image" -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .image.name $tag -}}
{{- end -}}

{{- define "letscode.sandboxNamespace" -}}
{{- required "sandbox.namespace is required" .Values.sandbox.namespace -}}
{{- end -}}

{{/* The sandbox namespace must not be the release namespace: nothing but sandboxes may run there. */}}
{{- define "letscode.validate" -}}
{{- if eq (include "letscode.sandboxNamespace" .) .Release.Namespace -}}
{{- fail (printf "sandbox.namespace (%s) must differ from the release namespace: the sandbox namespace holds hostile code only" .Values.sandbox.namespace) -}}
{{- end -}}
{{- end -}}

{{- define "letscode.postgresql.external" -}}
{{- if or .Values.postgresql.external.connectionString .Values.postgresql.external.existingSecret -}}true{{- end -}}
{{- end -}}

{{- define "letscode.redis.external" -}}
{{- if or .Values.redis.external.connectionString .Values.redis.external.existingSecret -}}true{{- end -}}
{{- end -}}

{{- define "letscode.secretName" -}}
{{- include "letscode.componentName" (dict "root" . "component" "secrets") -}}
{{- end -}}

{{- define "letscode.postgresql.host" -}}
{{- include "letscode.componentName" (dict "root" . "component" "postgresql") -}}
{{- end -}}

{{- define "letscode.redis.host" -}}
{{- include "letscode.componentName" (dict "root" . "component" "redis") -}}
{{- end -}}

{{/* secretKeyRef of the PostgreSQL connection string: the user's Secret, or ours. */}}
{{- define "letscode.postgresql.secretRef" -}}
{{- if .Values.postgresql.external.existingSecret -}}
name: {{ .Values.postgresql.external.existingSecret }}
key: {{ .Values.postgresql.external.existingSecretKey }}
{{- else -}}
name: {{ include "letscode.secretName" . }}
key: postgres-connection-string
{{- end -}}
{{- end -}}

{{- define "letscode.redis.secretRef" -}}
{{- if .Values.redis.external.existingSecret -}}
name: {{ .Values.redis.external.existingSecret }}
key: {{ .Values.redis.external.existingSecretKey }}
{{- else -}}
name: {{ include "letscode.secretName" . }}
key: redis-connection-string
{{- end -}}
{{- end -}}

{{- define "letscode.internalToken.secretRef" -}}
{{- if .Values.internalToken.existingSecret -}}
name: {{ .Values.internalToken.existingSecret }}
key: {{ .Values.internalToken.existingSecretKey }}
{{- else -}}
name: {{ include "letscode.secretName" . }}
key: internal-token
{{- end -}}
{{- end -}}

{{/* The pod security context, optionally with another uid/gid (bundled databases run as their image's user). */}}
{{- define "letscode.podSecurityContext" -}}
{{- $context := deepCopy .root.Values.podSecurityContext -}}
{{- with .uid -}}
{{- $_ := set $context "runAsUser" . -}}
{{- $_ := set $context "runAsGroup" . -}}
{{- $_ := set $context "fsGroup" . -}}
{{- end -}}
{{- toYaml $context -}}
{{- end -}}

{{- define "letscode.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext -}}
{{- end -}}

{{/* Soft anti-affinity over nodes for a component, unless the user gave an affinity. */}}
{{- define "letscode.affinity" -}}
{{- if .affinity -}}
{{- toYaml .affinity -}}
{{- else -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "letscode.selectorLabels" . | nindent 12 }}
{{- end -}}
{{- end -}}
