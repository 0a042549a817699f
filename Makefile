# `sam build` runs these (BuildMethod: makefile) with ARTIFACTS_DIR set, from the project root
# (samconfig.toml builds in source). One Maven reactor build serves them: the layer carries the shared
# code and every function's third-party dependencies, each function only its own jar. -am also builds the
# testkit the functions are tested with; it sets mdep.skip, so none of its emulators is copied into the layer.

# Each function as LogicalId:module: its resource in template.yaml, whose build target is build-LogicalId,
# and its Maven module under functions/.
FUNCTIONS := OutboundListenerFunction:outbound-listener \
	OrderWorkerFunction:order-worker \
	SalesforceCallbackFunction:salesforce-callback \
	ErpEventsFunction:erp-events \
	OrderApiFunction:order-api \
	BatchSyncFunction:batch-sync \
	JwtAuthorizerFunction:jwt-authorizer

logical_id = $(word 1,$(subst :, ,$(1)))
module = $(word 2,$(subst :, ,$(1)))
comma := ,
FUNCTION_MODULES := $(subst $() ,$(comma),$(foreach f,$(FUNCTIONS),functions/$(call module,$(f))))
FUNCTION_TARGETS := $(foreach f,$(FUNCTIONS),build-$(call logical_id,$(f)))
MVN := ./dev mvn -q -DskipTests

build-SharedLayer:
	mkdir -p "$(ARTIFACTS_DIR)/java/lib"
	$(MVN) -pl $(FUNCTION_MODULES) -am package dependency:copy-dependencies \
		-DincludeScope=runtime -DoutputDirectory="$(ARTIFACTS_DIR)/java/lib"

define function_jar
	$(MVN) -pl functions/$(1) -am package
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/$(1)/target/$(1)-*.jar "$(ARTIFACTS_DIR)/lib/"
endef

# build-OutboundListenerFunction: ; $(call function_jar,outbound-listener), and so on for each function
$(foreach f,$(FUNCTIONS),$(eval build-$(call logical_id,$(f)): ; $$(call function_jar,$(call module,$(f)))))

.PHONY: build-SharedLayer $(FUNCTION_TARGETS)
