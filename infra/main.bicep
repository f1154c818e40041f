// The server for one tenant on Azure: App Service (Linux, the container image of ../Dockerfile) on
// two instances, a Key Vault with the app registration's secret (and the bot's, if it has its own),
// read through Key Vault references by a managed identity that may only get secrets, Application
// Insights watching /api/ready, the App Service's logs in Log Analytics, and the single-tenant Azure
// Bot with the Teams channel. Step by step, with what to do before and after: ../docs/deploy.md.
//
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.parameters.example.json
//
// Not compiled here (no bicep CLI where this was written): run `az bicep build -f infra/main.bicep`
// (or the deployment's what-if) before the first deployment.
//
// Resource types and properties, from Microsoft's template reference (learn.microsoft.com/azure/templates/):
//   Microsoft.Web/serverfarms, Microsoft.Web/sites (httpsOnly, keyVaultReferenceIdentity,
//     siteConfig: linuxFxVersion, minTlsVersion, ftpsState, healthCheckPath, acrUseManagedIdentityCreds,
//     acrUserManagedIdentityID, appSettings): .../microsoft.web/sites and .../microsoft.web/sites/config-web
//   Microsoft.KeyVault/vaults (accessPolicies, enableRbacAuthorization) and vaults/secrets: .../microsoft.keyvault/vaults
//   Microsoft.ManagedIdentity/userAssignedIdentities: .../microsoft.managedidentity/userassignedidentities
//   Microsoft.Insights/components, Microsoft.Insights/webtests (kind standard), Microsoft.Insights/diagnosticSettings
//   Microsoft.OperationalInsights/workspaces
//   Microsoft.BotService/botServices (msaAppType 'SingleTenant', msaAppTenantId) and
//     botServices/channels (channelName 'MsTeamsChannel'): .../microsoft.botservice/botservices(/channels)
// Key Vault references in app settings, @Microsoft.KeyVault(SecretUri=...), resolved with the identity
// named in keyVaultReferenceIdentity: learn.microsoft.com/azure/app-service/app-service-key-vault-references
// New Azure Bots are single-tenant (multi-tenant creation was deprecated after July 2025):
// learn.microsoft.com/azure/bot-service/bot-service-quickstart-registration

targetScope = 'resourceGroup'

@description('Short name used in every resource name, e.g. "plans-glos".')
@minLength(3)
@maxLength(18)
param name string

param location string = resourceGroup().location

@description('The tenant of the app registration (GRAPH_TENANT_ID): the Teams tenant, which may differ from the subscription\'s.')
param entraTenantId string = tenant().tenantId

@description('The app registration\'s Application (client) ID (GRAPH_CLIENT_ID).')
param clientId string

@description('The app registration\'s client secret (GRAPH_CLIENT_SECRET), stored in the Key Vault; the app settings hold only a reference to it.')
@secure()
param clientSecret string

@description('The bot\'s Microsoft App ID (BOT_ID). The same as clientId when the bot shares the app registration (then no bot secret is needed).')
param botAppId string = clientId

@description('The bot\'s own secret (BOT_PASSWORD), only when botAppId is another registration than clientId.')
@secure()
param botPassword string = ''

@description('The plan site: its URL or Graph site id (SHAREPOINT_SITE).')
param sharePointSite string

@description('The tab\'s SSO App ID URI (TAB_APP_ID_URI): api://<host>/<client id>, or api://<host>/botid-<client id> when the bot shares the registration.')
param tabAppIdUri string

@description('The host Teams reaches the server on: a custom domain bound to the app, or empty for <name>.azurewebsites.net.')
param publicHost string = ''

@description('The container image, e.g. myregistry.azurecr.io/plan:1.0.0 (built from ../Dockerfile).')
param containerImage string

@description('An Azure Container Registry in this resource group the image is pulled from, with a pull-only identity; empty for a registry that needs no credentials.')
param registryName string = ''

@description('Instances behind the one address. The reminder sweep runs on each; the store\'s claims send each reminder once.')
@minValue(1)
@maxValue(10)
param instanceCount int = 2

@description('The App Service plan\'s size (Linux). P0v3 and up keep two instances on separate machines.')
param planSku string = 'P0v3'

@description('The tenant\'s SharePoint budget for this app, in resource units a minute (SHAREPOINT_RESOURCE_UNITS_PER_MINUTE).')
param resourceUnitsPerMinute int = 1250

@description('The app\'s id in the organisation\'s Teams catalogue (PLAN_TEAMS_CATALOG_APP_ID), to install the bot for leads who never opened it; empty: not installed.')
param teamsCatalogAppId string = ''

@description('Availability test locations for /api/ready (Application Insights location ids).')
param availabilityLocations array = [
  'emea-gb-db3-azr'
  'emea-nl-ams-azr'
]

var host = empty(publicHost) ? '${name}.azurewebsites.net' : publicHost
var ownBotSecret = botAppId != clientId
var usesRegistry = !empty(registryName)
// Teams allows the app 50 requests a second in a tenant, counted over every instance, and each
// instance's limiter knows only its own: each gets a share, with a tenth left for their timing
// (test/deploy/two-instances.test.ts measures it).
var teamsRpsPerInstance = 45 / instanceCount

// --- Identities: one that may get secrets and nothing else; one that may pull the image and nothing else.
resource secretsIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${name}-secrets'
  location: location
}

resource pullIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = if (usesRegistry) {
  name: 'id-${name}-pull'
  location: location
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = if (usesRegistry) {
  name: usesRegistry ? registryName : 'unused'
}

// AcrPull, a built-in role: learn.microsoft.com/azure/role-based-access-control/built-in-roles
var acrPullRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')

resource pullRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (usesRegistry) {
  name: guid(resourceGroup().id, name, 'acrpull')
  scope: registry
  properties: {
    roleDefinitionId: acrPullRoleId
    principalId: usesRegistry ? pullIdentity.properties.principalId : ''
    principalType: 'ServicePrincipal'
  }
}

// --- Key Vault: the secrets; access policies so the identity's grant is exactly "get secret".
// The certificate (for the command line's SharePoint REST work: plan provision, plan leads) is
// imported here by the administrator (docs/deploy.md); the server itself runs on the client secret.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${name}'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: false
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    accessPolicies: [
      {
        tenantId: subscription().tenantId
        objectId: secretsIdentity.properties.principalId
        permissions: {
          secrets: [
            'get'
          ]
        }
      }
    ]
  }
}

resource clientSecretEntry 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'graph-client-secret'
  properties: {
    value: clientSecret
  }
}

resource botPasswordEntry 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (ownBotSecret) {
  parent: vault
  name: 'bot-password'
  properties: {
    value: botPassword
  }
}

// --- Monitoring. The server writes one line per request (method, path, status, time) and ids and
// counts for its work, never plan content (src/server/create-app.ts); those lines are the
// container's console log, which goes to the workspace below. Application Insights runs the
// availability test on /api/ready; the image carries no Application Insights SDK, so no telemetry
// from inside the process is sent anywhere.
resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableIpMasking: false
  }
}

// --- App Service: Linux, the container, two instances.
resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'asp-${name}'
  location: location
  kind: 'linux'
  sku: {
    name: planSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

var baseSettings = [
  { name: 'WEBSITES_PORT', value: '3978' }
  { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'false' }
  { name: 'PLAN_STORE', value: 'sharepoint' }
  { name: 'SHAREPOINT_SITE', value: sharePointSite }
  { name: 'SHAREPOINT_RESOURCE_UNITS_PER_MINUTE', value: string(resourceUnitsPerMinute) }
  { name: 'GRAPH_TENANT_ID', value: entraTenantId }
  { name: 'GRAPH_CLIENT_ID', value: clientId }
  { name: 'GRAPH_CLIENT_SECRET', value: '@Microsoft.KeyVault(SecretUri=${clientSecretEntry.properties.secretUri})' }
  { name: 'TAB_APP_ID_URI', value: tabAppIdUri }
  { name: 'BOT_ID', value: botAppId }
  { name: 'PLAN_TEAMS_APP_RPS', value: string(teamsRpsPerInstance) }
]
var botSettings = ownBotSecret ? [
  { name: 'BOT_PASSWORD', value: '@Microsoft.KeyVault(SecretUri=${botPasswordEntry.properties.secretUri})' }
] : []
var catalogSettings = empty(teamsCatalogAppId) ? [] : [
  { name: 'PLAN_TEAMS_CATALOG_APP_ID', value: teamsCatalogAppId }
]

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  kind: 'app,linux,container'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: usesRegistry ? {
      '${secretsIdentity.id}': {}
      '${pullIdentity.id}': {}
    } : {
      '${secretsIdentity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: secretsIdentity.id
    siteConfig: {
      linuxFxVersion: 'DOCKER|${containerImage}'
      acrUseManagedIdentityCreds: usesRegistry
      acrUserManagedIdentityID: usesRegistry ? pullIdentity.properties.clientId : null
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      alwaysOn: true
      // Liveness, which asks the store nothing: App Service takes an instance out, and in time
      // replaces it, when its process stops answering, never because SharePoint is slow or down.
      healthCheckPath: '/api/health'
      appSettings: concat(baseSettings, botSettings, catalogSettings)
    }
  }
  dependsOn: [
    pullRole
  ]
}

resource siteLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-${workspace.name}'
  scope: site
  properties: {
    workspaceId: workspace.id
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
  }
}

// Readiness from outside: the store was reached within the last few minutes (cached by each
// instance, so these probes cost SharePoint at most one request per instance per 5 minutes).
resource readyTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'ready-${name}'
  location: location
  kind: 'standard'
  tags: {
    'hidden-link:${insights.id}': 'Resource'
  }
  properties: {
    SyntheticMonitorId: 'ready-${name}'
    Name: 'ready-${name}'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [for id in availabilityLocations: { Id: id }]
    Request: {
      RequestUrl: 'https://${host}/api/ready'
      HttpVerb: 'GET'
      ParseDependentRequests: false
      FollowRedirects: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 14
    }
  }
}

// --- The bot: single-tenant (the app registration is single-tenant), its messaging endpoint on
// this server, and the Teams channel.
resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${name}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: 'Action plans'
    endpoint: 'https://${host}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: entraTenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output url string = 'https://${host}'
output readyUrl string = 'https://${host}/api/ready'
output messagingEndpoint string = 'https://${host}/api/messages'
output keyVaultName string = vault.name
output secretsIdentityPrincipalId string = secretsIdentity.properties.principalId
output teamsRequestsPerSecondPerInstance int = teamsRpsPerInstance
